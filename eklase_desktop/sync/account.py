"""Signing in: online against the server, or offline against this laptop's own profile.

Each user has their own cache file (``profiles/<username>.sqlite``). A successful online login
stores an argon2 hash of the password in it, so the same user can sign in later with no
network (SPEC B2); another user of the laptop cannot open it without that password (DESIGN
§6). The password stays in memory only, to sign in again when the server is back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.models import LocalAccount, Staff
from eklase_desktop.models.cache import open_cache
from eklase_desktop.paths import profile_path
from eklase_desktop.sync.client import AuthError, Offline, SyncClient
from eklase_desktop.sync.engine import SyncEngine

_hasher = PasswordHasher()


class SignInError(DomainError):
    """Sign-in refused; the message says why, in Latvian."""


@dataclass
class SignedIn:
    """A user at work: their cache, their client and engine, and whether we are online."""

    username: str
    password: str
    factory: sessionmaker[Session]
    client: SyncClient
    engine: SyncEngine
    online: bool

    def has_journal_data(self) -> bool:
        with self.factory() as session:
            found = session.scalar(select(Staff.id).where(Staff.username == self.username))
            return found is not None

    def reconnect(self) -> None:
        """Signs in to the server again (after it was unreachable or the token expired)."""
        self.client.login(self.username, self.password)
        self.online = True


def sign_in(data_dir: Path, server_url: str, username: str, password: str) -> SignedIn:
    username = username.strip()
    if not username or not password:
        raise SignInError(_("Ievadiet lietotājvārdu un paroli."))
    path = profile_path(data_dir, username)
    client = SyncClient(server_url)
    try:
        client.login(username, password)
    except Offline:
        return _offline(path, server_url, username, password, client)
    except AuthError as error:
        raise SignInError(error.message) from error
    factory = open_cache(path)
    path.chmod(0o600)
    with factory.begin() as session:
        session.merge(
            LocalAccount(
                username=username, password_hash=_hasher.hash(password), server_url=server_url
            )
        )
    return SignedIn(username, password, factory, client, SyncEngine(factory, client), True)


def _offline(
    path: Path, server_url: str, username: str, password: str, client: SyncClient
) -> SignedIn:
    if not path.exists():
        raise SignInError(
            _(
                "Nav savienojuma ar serveri, un šajā datorā vēl nav jūsu profila. "
                "Pirmajai pieslēgšanās reizei vajag tīklu."
            )
        )
    factory = open_cache(path)
    with factory() as session:
        account = session.get(LocalAccount, username)
    if account is None or not _matches(account.password_hash, password):
        raise SignInError(_("Nepareizs lietotājvārds vai parole."))
    return SignedIn(username, password, factory, client, SyncEngine(factory, client), False)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False

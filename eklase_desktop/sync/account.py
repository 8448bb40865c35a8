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

from eklase_desktop.domain import clock
from eklase_desktop.domain.accounts import check_new_password
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.models import LocalAccount, Staff
from eklase_desktop.models.cache import open_cache
from eklase_desktop.paths import profile_path
from eklase_desktop.sync.client import AuthError, Offline, Revoked, ServerError, SyncClient
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
    path: Path

    def has_journal_data(self) -> bool:
        with self.factory() as session:
            found = session.scalar(select(Staff.id).where(Staff.username == self.username))
            return found is not None

    def reconnect(self) -> None:
        """Signs in to the server again (after it was unreachable or the token expired). An
        account revoked meanwhile takes its profile off this laptop (SPEC A4)."""
        try:
            self.client.login(self.username, self.password)
        except Revoked:
            self.factory.kw["bind"].dispose()
            erase_profile(self.path)
            raise
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
    except Revoked as error:  # the password was right: the account is over
        erase_profile(path)
        raise SignInError(
            f"{error.message} {_('Jūsu profils šajā datorā ir izdzēsts.')}"
        ) from error
    except AuthError as error:
        raise SignInError(error.message) from error
    path.touch(mode=0o600)  # before SQLite opens it: its -wal and -shm files take its mode
    path.chmod(0o600)
    factory = open_cache(path)
    with factory.begin() as session:
        session.merge(
            LocalAccount(
                username=username, password_hash=_hasher.hash(password), server_url=server_url
            )
        )
    return SignedIn(username, password, factory, client, SyncEngine(factory, client), True, path)


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
    with factory() as session:
        until = session.scalar(select(Staff.employed_until).where(Staff.username == username))
    if until is not None and until < clock.today():  # the card this laptop has says so
        raise SignInError(
            _("Jūsu darba attiecības ir beigušās: bez savienojuma ar serveri pieslēgties nevar.")
        )
    return SignedIn(username, password, factory, client, SyncEngine(factory, client), False, path)


def change_password(signed: SignedIn, old: str, new: str) -> None:
    """The user's own new password (SPEC A6): on the server, then for offline sign-in on
    this laptop. Raises DomainError (a rule or the server's refusal) or SyncError."""
    check_new_password(signed.username, old, new)
    if not signed.online:
        signed.reconnect()
    try:
        signed.client.change_password(old, new)
    except ServerError as error:
        if error.status == 403:
            raise SignInError(error.message) from error
        raise
    with signed.factory.begin() as session:
        account = session.get(LocalAccount, signed.username)
        if account is not None:
            account.password_hash = _hasher.hash(new)
    signed.password = new


def erase_profile(path: Path) -> None:
    """The profile's cache and its journal files off this laptop."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def check_local_password(factory: sessionmaker[Session], username: str, password: str) -> None:
    """Raises SignInError unless ``password`` is the one this profile was last signed in
    with: a profile is read only by its user (``eklase-desktop report`` too)."""
    with factory() as session:
        account = session.get(LocalAccount, username)
    if account is None or not _matches(account.password_hash, password):
        raise SignInError(_("Nepareizs lietotājvārds vai parole."))


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False

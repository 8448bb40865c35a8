"""Signing in: online against the server, or offline against this laptop's own profile.

Each user has their own cache file (``profiles/<username>.sqlite``), encrypted with a key
derived from their password (models.cache): another person on the same computer account cannot
read it, whatever its permissions (SPEC D2). A successful online login stores an argon2 hash
of the password in it as well, so the same user can sign in later with no network (SPEC B2)
and unlock a locked screen. The password stays in memory only, to sign in again when the
server is back.

When the password was changed elsewhere (on another laptop, or reset by the school's
administrator) the cache still opens only with the previous one: the sign-in asks for it
(ProfileLocked) so that entries not yet sent are kept, or the user lets the old profile go.
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
from eklase_desktop.models.cache import CacheLocked, is_encrypted, open_cache, rekey
from eklase_desktop.paths import profile_path
from eklase_desktop.sync.client import AuthError, Offline, Revoked, ServerError, SyncClient
from eklase_desktop.sync.engine import SyncEngine

_hasher = PasswordHasher()


class SignInError(DomainError):
    """Sign-in refused; the message says why, in Latvian."""


class ProfileLocked(SignInError):
    """The server took the password, but this laptop's profile is encrypted with a previous
    one: sign in again with ``previous_password``, or erase ``path`` to start afresh."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


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


def sign_in(
    data_dir: Path,
    server_url: str,
    username: str,
    password: str,
    previous_password: str | None = None,
) -> SignedIn:
    """Signs ``username`` in, online if the server answers, else offline from this laptop's
    profile. ``previous_password`` opens a profile encrypted before the password changed
    elsewhere (after a ProfileLocked)."""
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
    factory = _open_rekeying(path, password, previous_password)
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
    factory = open_profile(path, username, password)
    with factory() as session:
        until = session.scalar(select(Staff.employed_until).where(Staff.username == username))
    if until is not None and until < clock.today():  # the card this laptop has says so
        raise SignInError(
            _("Jūsu darba attiecības ir beigušās: bez savienojuma ar serveri pieslēgties nevar.")
        )
    return SignedIn(username, password, factory, client, SyncEngine(factory, client), False, path)


def open_profile(path: Path, username: str, password: str) -> sessionmaker[Session]:
    """Opens ``username``'s profile with their password, as the last online sign-in here
    left it; raises SignInError if the password is not that one. A plain profile (from before
    encryption) is encrypted once its password is checked."""
    wrong = SignInError(_("Nepareizs lietotājvārds vai parole."))
    if path.exists() and not is_encrypted(path):
        plain = open_cache(path)
        try:
            check_local_password(plain, username, password)
        finally:
            plain.kw["bind"].dispose()
    try:
        return open_cache(path, password)  # the key opens it: the password is the one
    except CacheLocked as error:
        raise wrong from error


def _open_rekeying(
    path: Path, password: str, previous_password: str | None
) -> sessionmaker[Session]:
    """The profile opened with the password the server just took, re-keyed to it from the
    previous password if it was changed elsewhere."""
    why = _(
        "Jūsu parole ir mainīta citā datorā vai to atjaunoja administrators, "
        "bet jūsu profils šajā datorā ir aizsargāts ar iepriekšējo paroli. "
        "Ievadiet iepriekšējo paroli, lai saglabātu vēl nenosūtītos ierakstus."
    )
    try:
        return open_cache(path, password)
    except CacheLocked:
        if previous_password is None:
            raise ProfileLocked(why, path) from None
    try:
        factory = open_cache(path, previous_password)
    except CacheLocked as error:
        wrong = _("Iepriekšējā parole nav pareiza.")
        raise ProfileLocked(f"{wrong} {why}", path) from error
    rekey(factory.kw["bind"], password)
    return factory


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
    rekey(signed.factory.kw["bind"], new)
    signed.password = new


def erase_profile(path: Path) -> None:
    """The profile's cache and its journal files off this laptop (and a copy being
    encrypted, if encrypting it was cut short)."""
    for suffix in ("", "-wal", "-shm", "-journal", ".encrypting"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


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

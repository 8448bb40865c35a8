"""Accounts, passwords (argon2id), opaque bearer tokens and the login brake (DESIGN §5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, func, or_, select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.roles import Role, parse_roles
from eklase_desktop.models import Staff
from eklase_server.models import Account, LoginFailure, Token

TOKEN_LIFETIME = dt.timedelta(days=30)
# The login brake counts failures per source address, and per account name from that address:
# an attacker's address is slowed, the rightful user signing in from another one is not.
BRAKE_WINDOW = dt.timedelta(minutes=15)
NAME_LIMIT = 10  # failures of one name from one address within the window
ADDRESS_LIMIT = 30  # failures from one address within the window, whatever the names

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def now() -> dt.datetime:
    """Server time, naive UTC (what the database stores)."""
    return clock.utc_naive()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A password the system makes (SPEC A3): 12 characters, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class User:
    """The signed-in account as the rest of the server sees it."""

    account_id: uuid.UUID
    username: str
    name: str
    staff_id: uuid.UUID | None
    roles: frozenset[Role]

    @property
    def sees_everything(self) -> bool:
        """Reads every journal of the school (deputy director, clerk, director)."""
        return bool(self.roles & {Role.DEPUTY, Role.CLERK, Role.DIRECTOR})

    @property
    def sees_private(self) -> bool:
        """Receives personal codes and addresses: the clerk's and the deputy's work needs
        them (SPEC D2, DOMAIN: personal code); nobody else's laptop holds them."""
        return bool(self.roles & {Role.DEPUTY, Role.CLERK})


def user_of(session: Session, account: Account) -> User:
    staff = session.get(Staff, account.staff_id) if account.staff_id else None
    person = (staff.first_name, staff.last_name, staff.roles) if staff else (None, None, None)
    return _user(account.id, account.username, account.staff_id, *person)


def _user(
    account_id: uuid.UUID,
    username: str,
    staff_id: uuid.UUID | None,
    first_name: str | None,
    last_name: str | None,
    roles: str | None,
) -> User:
    """The user of an account and its staff member's columns (None without one)."""
    name = f"{first_name} {last_name}" if first_name is not None else username
    return User(account_id, username, name, staff_id, parse_roles(roles or ""))


def login_name(username: str) -> str:
    """The name failures are counted under: ``Skolotajs1 `` is ``skolotajs1``."""
    return username.strip().casefold()[:100]


def is_braked(session: Session, username: str, address: str, at: dt.datetime) -> bool:
    """True while ``address`` has ADDRESS_LIMIT failures within BRAKE_WINDOW, or NAME_LIMIT
    of them for ``username``. Reads only: no lock is held for it."""
    since = at - BRAKE_WINDOW
    recent = (LoginFailure.address == address[:64], LoginFailure.at > since)
    from_address = session.scalar(select(func.count()).where(*recent)) or 0
    if from_address >= ADDRESS_LIMIT:
        return True
    of_name = session.scalar(
        select(func.count()).where(*recent, LoginFailure.username == login_name(username))
    )
    return (of_name or 0) >= NAME_LIMIT


def record_failure(session: Session, username: str, address: str, at: dt.datetime) -> None:
    session.add(LoginFailure(username=login_name(username), address=address[:64], at=at))
    session.execute(delete(LoginFailure).where(LoginFailure.at < at - dt.timedelta(hours=1)))


def forget_failures(session: Session, username: str, address: str) -> None:
    """After a right password: the name's failures from that address no longer count."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == login_name(username),
            LoginFailure.address == address[:64],
        )
    )


# Checked for an unknown name: the same argon2 work as for a real account (no timing hint
# that a name exists), and never a match.
_NOBODY = _hasher.hash(secrets.token_urlsafe(16))


def stored_hash(session: Session, username: str) -> tuple[uuid.UUID | None, str]:
    """The account's id and password hash, ``(None, <a hash nobody matches>)`` for none.
    Read in a short transaction; the password is checked after it, outside any lock."""
    found = session.execute(
        select(Account.id, Account.password_hash).where(Account.username == username)
    ).one_or_none()
    return (None, _NOBODY) if found is None else (found[0], found[1])


def issue_token(session: Session, account: Account, device: str) -> tuple[str, Token]:
    token = secrets.token_urlsafe(32)
    created = now()
    row = Token(
        account_id=account.id,
        token_hash=token_digest(token),
        device=device[:200],
        created_at=created,
        expires_at=created + TOKEN_LIFETIME,
    )
    session.add(row)
    return token, row


# Built once: every request asks it, and building a query costs more than running it.
_TOKEN_USER = (
    select(
        Account.id,
        Account.username,
        Account.staff_id,
        Staff.first_name,
        Staff.last_name,
        Staff.roles,
    )
    .join(Token, Token.account_id == Account.id)
    .outerjoin(Staff, Staff.id == Account.staff_id)
    .where(
        Token.token_hash == bindparam("token_hash"),
        Token.revoked_at.is_(None),
        Token.expires_at > bindparam("now"),
        Account.revoked_at.is_(None),
        # the card's last working day passed: no more sync (SPEC A4)
        or_(Staff.employed_until.is_(None), Staff.employed_until >= bindparam("today")),
        or_(Staff.id.is_(None), Staff.deleted.is_(False)),
    )
)


def user_for_token(session: Session, token: str) -> User | None:
    """The user behind a valid token: not expired, not revoked, account not revoked (one
    query, by the connection: nothing of the session's own is involved)."""
    found = (
        session.connection()
        .execute(
            _TOKEN_USER,
            {"token_hash": token_digest(token), "now": now(), "today": clock.today()},
        )
        .one_or_none()
    )
    return None if found is None else _user(*found)


def revoke_token(session: Session, token: str) -> None:
    row = session.scalars(
        select(Token).where(Token.token_hash == token_digest(token))
    ).one_or_none()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now()

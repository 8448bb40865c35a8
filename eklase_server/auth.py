"""Accounts, passwords (argon2id), opaque bearer tokens and the login brake (DESIGN §5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.roles import Role, parse_roles
from eklase_desktop.models import Staff
from eklase_server.models import Account, LoginFailure, Token

TOKEN_LIFETIME = dt.timedelta(days=30)
FAILURE_WINDOW = dt.timedelta(minutes=1)
FAILURE_LIMIT = 10
LOCKOUT = dt.timedelta(minutes=5)

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


def is_locked_out(session: Session, username: str, at: dt.datetime) -> bool:
    """True while FAILURE_LIMIT failures within FAILURE_WINDOW lie in the last LOCKOUT."""
    times = list(
        session.scalars(
            select(LoginFailure.at)
            .where(LoginFailure.username == username, LoginFailure.at > at - LOCKOUT)
            .order_by(LoginFailure.at)
        )
    )
    return any(
        times[i + FAILURE_LIMIT - 1] - times[i] <= FAILURE_WINDOW
        for i in range(len(times) - FAILURE_LIMIT + 1)
    )


def record_failure(session: Session, username: str, at: dt.datetime) -> None:
    session.add(LoginFailure(username=username, at=at))
    session.execute(delete(LoginFailure).where(LoginFailure.at < at - dt.timedelta(hours=1)))


def check_password(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right (``accounts.is_active`` says if it may sign
    in: only someone who knows the password learns that it was revoked)."""
    account = session.scalars(select(Account).where(Account.username == username)).one_or_none()
    if account is None:
        _hasher.hash(password)  # the same work either way: no timing hint that a name exists
        return None
    return account if password_matches(account.password_hash, password) else None


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

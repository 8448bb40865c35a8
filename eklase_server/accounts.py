"""Accounts (SPEC A2–A6, M 8–11): the clerk or the deputy grants a staff card an account and
issues a lost password again; the server makes the password and sends it by SMS to the phone
on the card, or gives it once to the clerk for the printed slip; everyone changes their own.
An account whose card's employment is over, or that was revoked, neither signs in nor syncs.

These are online calls, not queued mutations: a password comes from the server, reaches its
person at once and is never stored or sent again (docs/accounts.md). Settings live in the
server's state (``eklase-server settings``). Nothing slow — hashing, the SMS gateway — runs
while a transaction is open."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import requests
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.accounts import (
    DEFAULT_SMS_TEMPLATE,
    AccountRefused,
    LoginRule,
    account_login,
    check_new_password,
    masked_phone,
    sms_phone,
    sms_text,
)
from eklase_desktop.domain.names import full_name
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Entity, Role, parse_roles, require
from eklase_desktop.domain.school import ADMINISTRATORS
from eklase_desktop.i18n import _
from eklase_desktop.models import School, Staff
from eklase_desktop.sync.protocol import AccountInfo, AccountIssued, AccountList, Delivery
from eklase_server import auth
from eklase_server.auth import User
from eklase_server.changes import record_change
from eklase_server.db import VersionAllocator, current_version
from eklase_server.models import Account, AuditEntry, ServerState, Token

SETTINGS = ("login-rule", "sms-url", "sms-token", "sms-template")
SMS_TIMEOUT = (5, 15)


def setting(session: Session, key: str) -> str | None:
    row = session.get(ServerState, f"setting.{key}")
    return row.value if row is not None and row.value else None


def set_setting(session: Session, key: str, value: str) -> None:
    if key == "login-rule":
        LoginRule(value)  # ValueError for another
    if key == "sms-template" and value:
        sms_text(value, school="", name="", username="", password="")
    if key in ("sms-url", "sms-token") and not (value.isascii() and value.isprintable()):
        raise ValueError("only printable ASCII characters (an HTTP header carries it)")
    session.merge(ServerState(key=f"setting.{key}", value=value))


def login_rule(session: Session) -> LoginRule:
    return LoginRule(setting(session, "login-rule") or LoginRule.NAME)


def employment_over(staff: Staff | None, today: dt.date) -> bool:
    return staff is not None and staff.employed_until is not None and staff.employed_until < today


def is_active(session: Session, account: Account) -> bool:
    """Not revoked, and its card's employment not over (SPEC A4)."""
    staff = session.get(Staff, account.staff_id) if account.staff_id else None
    gone = staff is not None and staff.deleted
    return account.revoked_at is None and not gone and not employment_over(staff, clock.today())


@dataclass(frozen=True)
class _Plan:
    """What a grant or a re-issue found, read before anything slow."""

    staff_id: uuid.UUID
    name: str
    username: str
    school: str
    phone: str | None  # for an SMS
    gateway: tuple[str, str | None, str] | None = None  # its URL, token and template


def grant(
    factory: sessionmaker[Session], user: User, staff_id: uuid.UUID, delivery: Delivery
) -> AccountIssued:
    """A new account for a staff card (SPEC A2, M 8)."""
    with factory() as session:
        staff = _card(session, user, staff_id)
        if session.scalar(select(Account.id).where(Account.staff_id == staff_id)) is not None:
            raise AccountRefused(
                _("Darbiniekam jau ir konts: izsniedziet jaunu paroli, ja tā nozaudēta.")
            )
        taken = set(session.scalars(select(Account.username)))
        taken |= set(session.scalars(select(Staff.username).where(Staff.id != staff_id)))
        rule = login_rule(session)
        username = (
            staff.username
            if rule is LoginRule.NAME
            else account_login(rule, staff.first_name, staff.last_name, staff.personal_code, taken)
        )
        plan = _plan(session, staff, username, delivery)
    password, digest = _password()
    sent_to = _deliver(plan, password)
    with factory.begin() as session:
        if session.scalar(select(Account.id).where(Account.staff_id == staff_id)) is not None:
            raise AccountRefused(_("Darbiniekam jau ir konts."))
        card = session.get(Staff, staff_id)
        assert card is not None
        if card.username != username:  # the personal-code form: the card's login changes
            card.username = username
            session.flush()
            versions = VersionAllocator(session)
            record_change(session, versions, "staff", card)
            versions.finish()
        account = Account(
            username=username, password_hash=digest, staff_id=staff_id, created_at=auth.now()
        )
        session.add(account)
        session.flush()
        _audit(session, user, "account.grant", account, delivery)
    return _issued(plan, delivery, sent_to, password)


def reissue(
    factory: sessionmaker[Session], user: User, staff_id: uuid.UUID, delivery: Delivery
) -> AccountIssued:
    """A new password for a lost one (SPEC A3, M 10): the old one and every device's
    sign-in stop working."""
    with factory() as session:
        staff = _card(session, user, staff_id)
        account = session.scalars(select(Account).where(Account.staff_id == staff_id)).first()
        if account is None:
            raise AccountRefused(_("Darbiniekam vēl nav konta: piešķiriet to."))
        if account.revoked_at is not None:  # the server's administrator closed it
            raise AccountRefused(_("Konts ir slēgts; to atver servera administrators."))
        plan = _plan(session, staff, account.username, delivery)
    password, digest = _password()
    sent_to = _deliver(plan, password)
    with factory.begin() as session:
        account = session.scalars(select(Account).where(Account.staff_id == staff_id)).one()
        account.password_hash = digest
        _revoke_tokens(session, account.id)
        _audit(session, user, "account.password", account, delivery)
    return _issued(plan, delivery, sent_to, password)


def change_password(
    factory: sessionmaker[Session], user: User, token: str, old: str, new: str, address: str
) -> None:
    """The user's own new password (SPEC A6); their other devices sign in again."""
    with factory() as session:
        account = session.get(Account, user.account_id)
        assert account is not None
        digest = account.password_hash
        if auth.is_braked(session, user.username, address, auth.now()):  # the login's brake
            raise AccountRefused(_("Pārāk daudz neveiksmīgu mēģinājumu. Mēģiniet vēlāk."))
    if not auth.password_matches(digest, old):
        with factory.begin() as session:
            auth.record_failure(session, user.username, address, auth.now())
        raise AccountRefused(_("Līdzšinējā parole nav pareiza."))
    check_new_password(user.username, old, new)
    new_digest = auth.hash_password(new)
    with factory.begin() as session:
        account = session.get(Account, user.account_id)
        assert account is not None
        account.password_hash = new_digest
        _revoke_tokens(session, account.id, keep=auth.token_digest(token))
        _audit(session, user, "account.own_password", account, None)


def list_accounts(factory: sessionmaker[Session], user: User) -> AccountList:
    """The school's accounts, for the staff cards (the clerk and the deputy)."""
    require(SCHOOL_WIDE_ROLES.intersection(user.roles), Entity.ACCOUNT)
    with factory() as session:
        school = _school_of(session, user)
        rows = session.execute(
            select(Account, Staff)
            .join(Staff, Staff.id == Account.staff_id)
            .where(Staff.school_id == school)
        ).all()
        accounts = [
            AccountInfo(
                staff_id=staff.id,
                username=account.username,
                created_at=account.created_at.replace(tzinfo=dt.UTC),
                active=is_active(session, account),  # as the sign-in decides it
            )
            for account, staff in rows
        ]
        return AccountList(accounts=accounts, sms=setting(session, "sms-url") is not None)


# --- the parts ---------------------------------------------------------------------------


def _school_of(session: Session, user: User) -> uuid.UUID:
    me = session.get(Staff, user.staff_id) if user.staff_id else None
    if me is None:
        raise AccountRefused(_("Lietotājs nav atrasts."))
    return me.school_id


def _card(session: Session, user: User, staff_id: uuid.UUID) -> Staff:
    """The card an account is for, if this user may manage its account."""
    require(SCHOOL_WIDE_ROLES.intersection(user.roles), Entity.ACCOUNT)
    staff = session.get(Staff, staff_id)
    if staff is None or staff.deleted or staff.school_id != _school_of(session, user):
        raise AccountRefused(
            _("Darbinieka kartīte nav serverī: sinhronizējiet un mēģiniet vēlreiz.")
        )
    if parse_roles(staff.roles) & ADMINISTRATORS and Role.DEPUTY not in user.roles:
        raise AccountRefused(
            _("Direktora, vietnieka un lietveža kontus pārvalda tikai direktora vietnieks.")
        )
    if employment_over(staff, clock.today()):
        raise AccountRefused(_("Darbinieka darba attiecības ir beigušās."))
    return staff


def _plan(session: Session, staff: Staff, username: str, delivery: Delivery) -> _Plan:
    phone, gateway = None, None
    if delivery is Delivery.SMS:
        url = setting(session, "sms-url")
        if url is None:
            raise AccountRefused(_("Serverim nav SMS vārtejas: izvēlieties paroles lapu."))
        phone = sms_phone(staff.phone)
        template = setting(session, "sms-template") or DEFAULT_SMS_TEMPLATE
        gateway = (url, setting(session, "sms-token"), template)
    school = session.get(School, staff.school_id)
    return _Plan(
        staff.id,
        full_name(staff.first_name, staff.last_name),
        username,
        school.name if school else "",
        phone,
        gateway,
    )


def _password() -> tuple[str, str]:
    password = auth.generate_password()
    return password, auth.hash_password(password)


def _deliver(plan: _Plan, password: str) -> str | None:
    """Sends the SMS (no transaction open); the masked phone it went to."""
    if plan.gateway is None or plan.phone is None:
        return None
    url, token, template = plan.gateway
    text = sms_text(
        template, school=plan.school, name=plan.name, username=plan.username, password=password
    )
    send_sms(url, token, plan.phone.replace(" ", ""), text)
    return masked_phone(plan.phone)


def send_sms(url: str, token: str | None, phone: str, text: str) -> None:
    """The gateway's one call (docs/accounts.md): a JSON POST of ``to`` and ``text`` with the
    token as a bearer; any 2xx answer is delivery."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = requests.post(
            url, json={"to": phone, "text": text}, headers=headers, timeout=SMS_TIMEOUT
        )
    except requests.RequestException as error:
        message = _("SMS neizdevās nosūtīt (vārteja nav sasniedzama): nekas nav mainīts.")
        raise AccountRefused(message) from error
    if not 200 <= response.status_code < 300:
        message = _("SMS vārteja atbildēja ar kļūdu {status}: nekas nav mainīts.")
        raise AccountRefused(message.format(status=response.status_code))


def _issued(plan: _Plan, delivery: Delivery, sent_to: str | None, password: str) -> AccountIssued:
    return AccountIssued(
        username=plan.username,
        name=plan.name,
        delivery=delivery,
        sent_to=sent_to,
        password=password if delivery is Delivery.SLIP else None,
    )


def _revoke_tokens(session: Session, account_id: uuid.UUID, keep: str | None = None) -> None:
    query = update(Token).where(Token.account_id == account_id, Token.revoked_at.is_(None))
    if keep is not None:
        query = query.where(Token.token_hash != keep)
    session.execute(query.values(revoked_at=auth.now()))


def _audit(
    session: Session, user: User, action: str, account: Account, delivery: Delivery | None
) -> None:
    """Who gave or changed which account's password, and how it went (never the password)."""
    session.add(
        AuditEntry(
            at=auth.now(),
            account_id=user.account_id,
            username=user.username,
            action=action,
            table_name="account",
            row_id=account.id,
            field="password",
            old=None,
            new=delivery.value if delivery else None,
            version=current_version(session),
        )
    )

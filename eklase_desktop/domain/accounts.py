"""Accounts (SPEC A2–A6, M 8–11; DOMAIN: school set-up): the login-name rule of the school,
a password a person chooses, the phone a password goes to by SMS and the message it gets."""

from __future__ import annotations

import enum
import string
from collections.abc import Collection

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.personal_code import normalize
from eklase_desktop.domain.phone import normalize_phone
from eklase_desktop.domain.school import login_name
from eklase_desktop.i18n import _

MIN_PASSWORD = 10
MAX_SMS = 306  # two SMS parts of Latvian text (UCS-2: 2 × 153 characters)
DEFAULT_SMS_TEMPLATE = (
    "E-klase, {school}: lietotājvārds {username}, parole {password}. "
    "Pēc pieslēgšanās nomainiet paroli."
)
SMS_FIELDS = frozenset({"school", "name", "username", "password"})


class AccountRefused(DomainError):
    """An account, a password or its delivery was refused; nothing was changed."""


class LoginRule(enum.StrEnum):
    """How the school's login names are made (a server setting)."""

    NAME = "name"  # anna.liepa, anna.liepa2 (DOMAIN)
    PERSONAL_CODE = "personal-code"  # the personal code's digits: 01018010000 (M 9)


def account_login(
    rule: LoginRule, first: str, last: str, personal_code: str | None, taken: Collection[str]
) -> str:
    """The login name of a new account. The personal-code form needs a code on the card."""
    if rule is LoginRule.NAME:
        return login_name(first, last, taken)
    if not personal_code:
        raise AccountRefused(
            _("Skolā lietotājvārds ir personas kods, bet kartītē tā nav: ierakstiet to.")
        )
    login = normalize(personal_code).replace("-", "")
    if login in taken:
        raise AccountRefused(_("Lietotājvārds {login} jau ir aizņemts.").format(login=login))
    return login


def check_new_password(username: str, old: str, new: str) -> None:
    """A password a person chooses (SPEC A6): long enough, not the old one, not the login."""
    if len(new) < MIN_PASSWORD:
        message = _("Parolē jābūt vismaz {count} rakstzīmēm.")
        raise AccountRefused(message.format(count=MIN_PASSWORD))
    if new == old:
        raise AccountRefused(_("Jaunā parole ir tāda pati kā līdzšinējā."))
    if username.lower() in new.lower():
        raise AccountRefused(_("Parolē nedrīkst būt lietotājvārds."))
    if new.strip() != new:
        raise AccountRefused(_("Parole nedrīkst sākties vai beigties ar atstarpi."))


def sms_phone(phone: str | None) -> str:
    """The card's phone, if an SMS can go there: a Latvian mobile number (+371 2…)."""
    if not phone:
        raise AccountRefused(_("Kartītē nav tālruņa: izvēlieties paroles lapu."))
    try:
        number = normalize_phone(phone)
    except DomainError as error:
        raise AccountRefused(error.message) from error
    if not number.startswith("+371 2"):
        message = _("Uz {phone} nevar nosūtīt SMS (tas nav mobilais tālrunis).")
        raise AccountRefused(message.format(phone=number))
    return number


def masked_phone(phone: str) -> str:
    """+371 2*****45: which phone, without the whole number."""
    return phone[:6] + "*" * (len(phone) - 8) + phone[-2:]


def sms_text(template: str, **values: str) -> str:
    """The message from the server's template; raises AccountRefused for a template that
    names something other than {school}, {name}, {username} and {password}."""
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}
    if not names <= SMS_FIELDS or "password" not in names:
        raise AccountRefused(
            _("SMS veidnē drīkst būt {school}, {name}, {username} un jābūt {password}.")
        )
    return template.format(**values)[:MAX_SMS]

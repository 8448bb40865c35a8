"""Latvian phone numbers (SPEC T1): ``+371`` and eight digits, stored as ``+371 XXXXXXXX``."""

from __future__ import annotations

import re

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _

_COUNTRY_CODE = "+371"
_INTERNATIONAL = re.compile(r"\+371([0-9]{8})")
# Without the country code only mobile (2…) and landline (6…) numbers are accepted.
_LOCAL = re.compile(r"([26][0-9]{7})")
_SPACES = re.compile(r"[ \t\u00a0]+")


class InvalidPhone(DomainError, ValueError):
    """Text that is not a Latvian phone number."""


def _digits(text: str) -> str | None:
    compact = _SPACES.sub("", text.strip())
    match = _INTERNATIONAL.fullmatch(compact) or _LOCAL.fullmatch(compact)
    return None if match is None else match.group(1)


def is_valid_phone(text: str) -> bool:
    """True for ``+371`` and eight digits, or eight digits starting with 2 or 6; spaces ok."""
    return _digits(text) is not None


def normalize_phone(text: str) -> str:
    """The number as ``+371 XXXXXXXX``; raises InvalidPhone if it is not valid."""
    digits = _digits(text)
    if digits is None:
        message = _("«{text}» nav Latvijas tālruņa numurs. Piemērs: +371 20000000.")
        raise InvalidPhone(message.format(text=text.strip()[:30]))
    return f"{_COUNTRY_CODE} {digits}"

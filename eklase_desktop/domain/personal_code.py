"""Latvian personal code (personas kods) validation (DOMAIN: personal code; SPEC A3, D1).

Old format ``DDMMYY-CNNNK``: a real birth date, century digit C (0 = 1800s, 1 = 1900s,
2 = 2000s) and a check digit. New format since 1 Jul 2017: ``3[2-9]DDDD-DDDDD``, random,
no check digit, no birth date. The hyphen is optional on input; surrounding whitespace is
tolerated. None of these functions raise on malformed text except ``normalize``.
"""

from __future__ import annotations

import re
from datetime import date

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _

# Digits are spelled out: ``\d`` would accept other scripts' digits.
_SHAPE = re.compile(r"([0-9]{6})-?([0-9]{5})")
_NEW_FORMAT = re.compile(r"3[2-9][0-9]{4}")
_WEIGHTS = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CENTURIES = {"0": 1800, "1": 1900, "2": 2000}
_MASK = "*****"


class InvalidPersonalCode(DomainError, ValueError):
    """Text that is not a valid personal code."""


def check_digit(first_ten: str) -> int:
    """K = ((1101 - Σ dᵢwᵢ) mod 11) mod 10 over the first ten digits (old format)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, _WEIGHTS, strict=True))
    return ((1101 - total) % 11) % 10


def _split(code: str) -> tuple[str, str] | None:
    match = _SHAPE.fullmatch(code.strip())
    return None if match is None else (match.group(1), match.group(2))


def _old_birth_date(head: str, tail: str) -> date | None:
    century = _CENTURIES.get(tail[0])
    if century is None:
        return None
    day, month, year = int(head[0:2]), int(head[2:4]), century + int(head[4:6])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _is_new_format(head: str) -> bool:
    return _NEW_FORMAT.fullmatch(head) is not None


def _is_valid_old(head: str, tail: str) -> bool:
    if _old_birth_date(head, tail) is None:
        return False
    return check_digit(head + tail[:4]) == int(tail[4])


def is_valid(code: str) -> bool:
    """True for a valid old-format or new-format code (hyphen optional)."""
    parts = _split(code)
    if parts is None:
        return False
    head, tail = parts
    return _is_new_format(head) or _is_valid_old(head, tail)


def _valid_parts(code: str) -> tuple[str, str]:
    parts = _split(code)
    if parts is None or not is_valid(code):
        raise InvalidPersonalCode(_("Nederīgs personas kods."))
    return parts


def normalize(code: str) -> str:
    """The code as ``DDDDDD-DDDDD``; raises InvalidPersonalCode if it is not valid."""
    head, tail = _valid_parts(code)
    return f"{head}-{tail}"


def birth_date(code: str) -> date | None:
    """The birth date of an old-format code; None for the new format.

    Raises InvalidPersonalCode if the code is not valid.
    """
    head, tail = _valid_parts(code)
    return None if _is_new_format(head) else _old_birth_date(head, tail)


def mask(code: str) -> str:
    """The code for display with its last five digits hidden, e.g. ``010190-*****``.

    Anything that is not a well-formed code is hidden entirely.
    """
    parts = _split(code)
    head = "******" if parts is None else parts[0]
    return f"{head}-{_MASK}"

"""Attendance: presence set by the teacher, justification by the tutor (SPEC T2, J9, S3).

DOMAIN: attendance — two fields on one record per (lesson, student). The displayed code
joins them: ``n``, ``ns``, ``nc``, ``k`` or empty.
"""

from __future__ import annotations

import enum
from collections.abc import Collection

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.roles import Entity, Role, can_write
from eklase_desktop.i18n import _


class InvalidPresence(DomainError, ValueError):
    """Text that is not an attendance code."""


class Presence(enum.Enum):
    """Set by the lesson's teacher."""

    PRESENT = ""
    ABSENT = "n"
    LATE = "k"


class Justification(enum.Enum):
    """Set by the tutor (or deputy/clerk) from the register of absence notes."""

    NONE = ""
    ILLNESS = "s"
    OTHER = "c"


_DISPLAY_CODES: dict[str, tuple[Presence, Justification]] = {
    "": (Presence.PRESENT, Justification.NONE),
    "n": (Presence.ABSENT, Justification.NONE),
    "ns": (Presence.ABSENT, Justification.ILLNESS),
    "nc": (Presence.ABSENT, Justification.OTHER),
    "k": (Presence.LATE, Justification.NONE),
}


def display_code(presence: Presence, justification: Justification) -> str:
    """The journal cell text.

    A justification without an absence is kept but shown only in the register, and a late
    arrival shows ``k`` whatever the justification (DOMAIN: attendance).
    """
    if presence is Presence.ABSENT:
        return str(presence.value) + str(justification.value)
    return str(presence.value)


def _clean(text: str) -> str:
    stripped = text.strip()
    return stripped.lower() if stripped.isascii() else stripped


def _invalid(text: str) -> InvalidPresence:
    shown = text.strip()[:20]
    message = _("«{text}» nav apmeklējuma atzīme. Ievadiet n, k vai atstājiet tukšu.")
    return InvalidPresence(message.format(text=shown))


def parse_presence(text: str) -> Presence:
    """Parses what the teacher typed: empty, ``n`` or ``k`` (trimmed, any case)."""
    cleaned = _clean(text)
    for presence in Presence:
        if cleaned == presence.value:
            return presence
    raise _invalid(text)


def parse_display_code(text: str) -> tuple[Presence, Justification]:
    """Parses a displayed code (``n``, ``ns``, ``nc``, ``k`` or empty)."""
    found = _DISPLAY_CODES.get(_clean(text))
    if found is None:
        message = _("«{text}» nav kavējuma kods. Lietojiet n, ns, nc, k vai tukšu.")
        raise InvalidPresence(message.format(text=text.strip()[:20]))
    return found


def check_can_set_presence(roles: Collection[Role]) -> None:
    """Raises PermissionDenied unless ``roles`` (held for this lesson) may set presence.

    The lesson's teacher (or substitute) and the deputy may; a tutor who does not teach
    the lesson may not (DOMAIN: attendance).
    """
    if can_write(roles, Entity.PRESENCE):
        return
    if Role.TUTOR in roles:
        raise PermissionDenied(
            _("Klases audzinātājs kavējumus nemaina: tos atzīmē stundas skolotājs.")
        )
    raise PermissionDenied(_("Apmeklējumu atzīmē stundas skolotājs."))


def check_can_justify(roles: Collection[Role]) -> None:
    """Raises PermissionDenied unless ``roles`` (held for this class) may justify absences."""
    if not can_write(roles, Entity.JUSTIFICATION):
        raise PermissionDenied(_("Kavējumu attaisno klases audzinātājs."))

"""What a journal cell holds and how typed text becomes it.

A lesson cell carries the student's presence (set by the teacher), the tutor's justification and
a mark, so a teacher types ``n``, ``k``, ``8``, ``n nv`` or ``k 7`` into one cell (SPEC J9).
The text typed is the whole new content of the cell, as in a spreadsheet: ``8`` on a cell that
showed ``n`` means present with 8. The tutor's justification is never touched by that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import Mark, MarkSlot, parse_mark_for
from eklase_desktop.i18n import _

_PRESENCE_TOKENS = {
    "n": (Presence.ABSENT, None),
    "k": (Presence.LATE, None),
    "ns": (Presence.ABSENT, Justification.ILLNESS),
    "nc": (Presence.ABSENT, Justification.OTHER),
}
_SPACED_PERCENT = re.compile(r"(\d)\s+%")


class InvalidCell(DomainError, ValueError):
    """Text that cannot go into a journal cell."""


@dataclass(frozen=True)
class Cell:
    """A lesson cell as stored: presence and justification codes and the mark text."""

    presence: str = ""
    justification: str = ""
    mark: str = ""

    @property
    def code(self) -> str:
        """The displayed absence code: ``n``, ``ns``, ``nc``, ``k`` or empty."""
        return display_code(Presence(self.presence), Justification(self.justification))

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.code, self.mark) if part)

    @property
    def is_empty(self) -> bool:
        return not (self.presence or self.justification or self.mark)


EMPTY_CELL = Cell()


@dataclass(frozen=True)
class CellInput:
    """Parsed input: ``justification`` is None where the text named none (keep the stored)."""

    presence: Presence
    justification: Justification | None
    mark: Mark | None


def parse_cell_input(text: str, slot: MarkSlot) -> CellInput:
    """Parses what was typed into a lesson cell; raises a DomainError with a Latvian message."""
    tokens = _SPACED_PERCENT.sub(r"\1%", text).replace(",", " ").split()
    presence, justification, mark = Presence.PRESENT, None, None
    seen_presence = False
    for token in tokens:
        known = _PRESENCE_TOKENS.get(token.lower())
        if known is not None:
            if seen_presence:
                raise InvalidCell(_("Šūnā var būt tikai viena kavējuma atzīme."))
            presence, justification = known
            seen_presence = True
            continue
        if mark is not None:
            raise InvalidCell(_("Šūnā var būt tikai viens vērtējums."))
        mark = parse_mark_for(token, slot)
    return CellInput(presence=presence, justification=justification, mark=mark)

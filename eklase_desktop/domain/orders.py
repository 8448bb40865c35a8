"""Orders about a student (rīkojumi, SPEC C2; DOMAIN: school set-up): a transfer to another
class and an expulsion take effect on the order's date. Marks before it stay in the journals
where they were given; from that day the student is not in the old courses (a transfer
enrols them in the new class's)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, replace

from eklase_desktop.domain.school import InvalidSetUp
from eklase_desktop.i18n import _

MAX_ORDER_NUMBER = 50


class OrderKind(enum.StrEnum):
    TRANSFER = "transfer"  # pārcelšana citā klasē
    EXPULSION = "expulsion"  # atskaitīšana (izslēgšana) no skolas
    PROMOTION = "promotion"  # pārcelšana nākamajā klasē (the next school year, SPEC Y1)
    GRADUATION = "graduation"  # skolas beigšana (the last grade, SPEC Y1)

    @property
    def moves(self) -> bool:
        """To another class (the rest leave the school)."""
        return self in (OrderKind.TRANSFER, OrderKind.PROMOTION)


@dataclass(frozen=True)
class OrderDetails:
    kind: OrderKind
    number: str  # the order's number, e.g. 1-12/45
    day: dt.date  # takes effect on it
    class_group_id: uuid.UUID | None = None  # the class a transfer moves to


def validate_order(details: OrderDetails) -> OrderDetails:
    number = " ".join(details.number.split())
    if not number or len(number) > MAX_ORDER_NUMBER:
        message = _("Norādiet rīkojuma numuru (līdz {count} rakstzīmēm).")
        raise InvalidSetUp(message.format(count=MAX_ORDER_NUMBER))
    if details.kind.moves and details.class_group_id is None:
        raise InvalidSetUp(_("Izvēlieties klasi, uz kuru skolēnu pārceļ."))
    if not details.kind.moves and details.class_group_id is not None:
        details = replace(details, class_group_id=None)
    return replace(details, number=number)


def order_args(key: uuid.UUID, student_id: uuid.UUID, details: OrderDetails) -> dict[str, object]:
    """``student.order``'s arguments (docs/sync-protocol.md §4)."""
    return {
        "order_id": str(key),
        "student_id": str(student_id),
        "kind": details.kind.value,
        "number": details.number,
        "day": details.day.isoformat(),
        "class_group_id": str(details.class_group_id) if details.class_group_id else None,
    }

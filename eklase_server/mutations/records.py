"""What every record of the school's set-up shares on the server (DESIGN §5): who may write
it (the clerk, the deputy), which school it is, merging it field by field with a review entry
for the replaced value, checking the merged record as a whole, and writing a person's
decision on a review entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Entity, require
from eklase_desktop.i18n import _
from eklase_desktop.models import School, SchoolYear, Staff
from eklase_desktop.sync.protocol import Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Rejected, Result


@dataclass(frozen=True)
class Record:
    """How one kind of set-up row is merged, stored and checked."""

    table: str
    model: Any
    entity: Entity
    fields: tuple[str, ...]
    texts: Callable[[Any], dict[str, str | None]]  # the stored row as wire text
    check: Callable[[Session, Any], None]  # the merged row as a whole; raises DomainError
    # fields that are not a column of the row (a student's guardians): how each is stored
    stores: Mapping[str, Callable[[Context, Any, str | None], None]] = field(default_factory=dict)
    # what only some may decide (a staff card's roles): raises DomainError for the others
    deciding: Callable[[Context, Any, str, str | None], None] | None = None

    @classmethod
    def of(
        cls,
        table: str,
        model: Any,
        entity: Entity,
        fields: tuple[str, ...],
        details: Callable[[Any], Any],
        texts: Callable[[Any, bool], dict[str, str | None]],
        validate: Callable[[Any], Any],
        **extra: Any,
    ) -> Record:
        """A record read as the domain's details (``details(row)``), sent as their wire text
        and checked by the domain's validation."""
        return cls(
            table,
            model,
            entity,
            fields,
            lambda row: texts(details(row), bool(row.deleted)),
            lambda _session, row: validate(details(row)),
            **extra,
        )

    def store(self, context: Context, row: Any, name: str, text: str | None) -> None:
        if name in self.stores:
            self.stores[name](context, row, text)
        else:
            setattr(row, name, column_value(self.model, name, text))


def column_value(model: Any, name: str, text: str | None) -> Any:
    """A field's wire text as ``model``'s column stores it."""
    if text is None:
        return None
    kind = model.__table__.c[name].type.python_type
    if kind is bool:
        return text == "true"
    if kind is dt.date:
        return dt.date.fromisoformat(text)
    if kind in (int, uuid.UUID):
        return kind(text)
    return text


def require_set_up(context: Context, entity: Entity) -> None:
    """Set-up is school-wide work: the clerk's and the deputy's (DOMAIN: roles). Like every
    DomainError here, a refusal becomes the mutation's ``Rejected``."""
    require(SCHOOL_WIDE_ROLES.intersection(context.user.roles), entity)


def set_record(
    context: Context,
    record: Record,
    row: Any,
    new: Any,
    mine: dict[str, str | None],
    base: dict[str, str | None] | None,
) -> Result:
    """Creates ``new`` (when ``row`` is None) or merges ``mine`` into ``row``; checks the
    result as a whole and records what changed."""
    conflicts: list[uuid.UUID] = []
    if row is None:
        if base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = new
        context.session.add(row)  # (before its fields: some store rows that refer to it)
        for name in record.fields:
            record.store(context, row, name, mine[name])
        changed: Changed = [
            (name, None, mine[name]) for name in record.fields if mine[name] not in (None, "")
        ]
    else:
        changed, conflicts = merge_record(
            context,
            record.table,
            row,
            record.fields,
            base if base is not None else mine,  # a repeat of the creation
            mine,
            record.texts(row),
            lambda name, text: record.store(context, row, name, text),
            student_id=None,
        )
    if not changed:
        return Status.MERGED, row.version, conflicts
    context.session.flush()
    record.check(context.session, row)
    # the push looked for the row and found none: it exists now (not before the checks, so
    # that a refused one is not answered as if it did)
    context.created(record.model, row)
    return Status.APPLIED, recorded(context, record.table, row, changed), conflicts


def recorded(context: Context, table: str, row: Any, changed: Changed) -> int:
    version = context.record(table, row)
    for name, old, new in changed:
        context.audit.log("set", table, row.id, name, old, new, version)
    return version


def resolver_of(record: Record) -> Callable[[Context, Any, str | None], int | None]:
    def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
        """Writes the value a person chose in a review entry of a set-up row."""
        require_set_up(context, record.entity)
        row = context.session.get(record.model, conflict.row_id)
        if row is None:
            raise Rejected(_("Ieraksts nav atrasts."))
        own_school(context, school_of_row(context, row))
        current = record.texts(row)[conflict.field]
        if record.deciding is not None:
            record.deciding(context, row, conflict.field, chosen)
        if current == chosen:
            return None
        record.store(context, row, conflict.field, chosen)
        context.session.flush()
        record.check(context.session, row)
        return recorded(context, record.table, row, [(conflict.field, current, chosen)])

    return resolve_field


def school_of(context: Context) -> uuid.UUID:
    """The user's school (a server may keep several: the demo keeps two)."""
    staff = context.session.get(Staff, context.user.staff_id) if context.user.staff_id else None
    school = staff.school_id if staff else context.session.scalar(select(School.id).limit(1))
    if school is None:
        raise Rejected(_("Serverī nav skolas."))
    return school


def own_school(context: Context, school_id: uuid.UUID | None) -> None:
    if school_id != school_of(context):
        raise Rejected(_("Šis ieraksts pieder citai skolai."))


def school_of_row(context: Context, row: Any) -> uuid.UUID | None:
    """The school a set-up row belongs to (a class and a course by their year)."""
    if hasattr(row, "school_id"):
        return row.school_id  # type: ignore[no-any-return]
    year = context.session.get(SchoolYear, getattr(row, "school_year_id", None))
    return year.school_id if year is not None else None


def require_own(context: Context, model: Any, key: uuid.UUID | None, missing: str) -> Any:
    """The row ``key`` names, if it exists, is not deleted and is of the user's school;
    else ``Rejected(missing)`` (never a database error for a row that is not there)."""
    row = context.session.get(model, key) if key is not None else None
    if row is None or row.deleted or school_of_row(context, row) != school_of(context):
        raise Rejected(missing)
    return row

"""The mutation catalogue (DESIGN §5): every mutation the server applies, declared once in
its module (``eklase_server.mutations``) and gathered here. The push applies them from it,
``conflict.resolve`` finds how to write a decision on each table's rows in it, and the table
of docs/sync-protocol.md §4 is made from it (``catalogue_markdown``; a test keeps the two the
same). Adding a mutation is its module (or a declaration in one) and one line below.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import StrictBool
from pydantic.fields import FieldInfo

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.sync import mutation_args
from eklase_desktop.sync.mutation_args import ConflictResolveArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.auth import now
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.models import Conflict
from eklase_server.mutations import (
    assessments,
    checks,
    class_logs,
    courses,
    journal,
    locks,
    news,
    notes,
    orders,
    people,
    phones,
    programmes,
    rules,
    school,
    statements,
    substitutions,
    work_records,
)


def resolve(context: Context, conflict_id: uuid.UUID, choice: str) -> int | None:
    """Closes a conflict with the value chosen; writes it if it is not the stored one (by the
    declaration of the conflict's table). Returns the row's new version, or None if nothing
    was written."""
    conflict = context.session.get(Conflict, conflict_id)
    if conflict is None:
        raise Rejected(_("Konflikts nav atrasts."))
    party = context.user.account_id in (conflict.mine_account_id, conflict.theirs_account_id)
    if not (party or context.user.sees_everything):
        raise Rejected(_("Šo konfliktu var atrisināt tikai tā dalībnieki."))
    if conflict.status != "open":
        return None  # resolved already (perhaps from the other laptop): nothing to do
    chosen = conflict.mine if choice == "mine" else conflict.theirs
    writer = RESOLVERS.get(conflict.entity)
    if writer is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    try:
        version = writer(context, conflict, chosen)
    except DomainError as error:  # the value decided is no longer valid
        raise Rejected(error.message) from error
    conflict.status, conflict.resolution = "resolved", choice
    conflict.resolved_by, conflict.resolved_at = context.user.account_id, now()
    return version


def conflict_resolve(context: Context, args: ConflictResolveArgs, mutation: Mutation) -> Result:
    return Status.APPLIED, resolve(context, args.conflict_id, args.choice), []


_RESOLUTION = Declared(
    MutationName.CONFLICT_RESOLVE,
    conflict_resolve,
    senders=(
        "a party to the conflict, or the deputy; the one who decides must also be allowed to "
        "write the value decided"
    ),
    checks=(
        "conflict exists; party; still open (otherwise a no-op); row exists; the one who "
        "decides may write the value decided (the declaration of the row's table)"
    ),
    merge="none: the value chosen is written if it is not the stored one",
    scope="the parties to the conflict; the deputy, the clerk and the director see every one",
    results="`applied` (also when nothing was written; `version` null then), `rejected`",
)

CATALOGUE: Mapping[str, Declared] = types.MappingProxyType(
    {
        declared.name.value: declared
        for declared in (
            *journal.DECLARED,
            *assessments.DECLARED,
            *programmes.DECLARED,
            *notes.DECLARED,
            *class_logs.DECLARED,
            *phones.DECLARED,
            *statements.DECLARED,
            *school.DECLARED,
            *people.DECLARED,
            *orders.DECLARED,
            *courses.DECLARED,
            *substitutions.DECLARED,
            *work_records.DECLARED,
            *news.DECLARED,
            *rules.DECLARED,
            *checks.DECLARED,
            *locks.DECLARED,
            _RESOLUTION,
        )
    }
)
Writer = Callable[[Context, Any, str | None], int | None]


def _resolvers() -> dict[str, Writer]:
    """How a person's decision is written, by the table the conflict is on: one way each."""
    found: dict[str, Writer] = {}
    for declared in CATALOGUE.values():
        table, writer = declared.table, declared.resolve
        if table and writer and found.setdefault(table, writer) is not writer:
            raise RuntimeError(f"two ways to decide a conflict on {table}")
    return found


RESOLVERS: Mapping[str, Writer] = _resolvers()


# --- the protocol document's table --------------------------------------------------------

COLUMNS = ("mutation", "arguments", "may send", "checks, in order", "merge rule", "reaches")


def catalogue_markdown() -> str:
    """The table of docs/sync-protocol.md §4, one row per declaration."""
    lines = ["| " + " | ".join(COLUMNS) + " | results |", "|---" * (len(COLUMNS) + 1) + "|"]
    for declared in CATALOGUE.values():
        cells = (
            f"`{declared.name.value}`",
            arguments_text(declared.args.model_fields),
            declared.senders,
            declared.checks,
            declared.merge,
            declared.scope,
            declared.results,
        )
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def arguments_text(fields: Mapping[str, FieldInfo]) -> str:
    """``name`` type, limits and default of each argument, as the document writes them."""
    return ", ".join(_argument(name, info) for name, info in fields.items())


def _argument(name: str, info: FieldInfo) -> str:
    text = f"`{name}` {_type_text(info.annotation)}"
    for limit in info.metadata:
        for attribute, sign in (("max_length", "≤"), ("ge", "≥"), ("le", "≤")):
            value = getattr(limit, attribute, None)
            if value is not None:
                text += f" {sign} {value}"
        if getattr(limit, "pattern", None):
            text += f" `{limit.pattern}`"
    if not info.is_required():
        default = info.get_default(call_default_factory=True)
        text += f" = {json.dumps(default, ensure_ascii=False, default=str)}"
    return text


_SIMPLE = {uuid.UUID: "uuid", dt.date: "date", str: "str", int: "int", bool: "bool"}
# the protocol's named types, as §2 of the document defines them
_NAMED = {
    repr(mutation_args.SchoolDay): "SchoolDay",
    repr(mutation_args.LifeDay): "LifeDay",
    repr(mutation_args.LessonValues): "LessonValues",
    repr(mutation_args.SeenFields): "{str: str|null}|null ≤ MAX_BASE_CHARS",
    repr(mutation_args.SeenValues): "{str: any}|null ≤ MAX_BASE_CHARS",
    repr(mutation_args.SeenText): "str|null ≤ MAX_BASE_CHARS",
    repr(StrictBool): "bool",
}


def _type_text(annotation: Any) -> str:
    named = _NAMED.get(repr(annotation))
    if named:
        return named
    if annotation in _SIMPLE:
        return _SIMPLE[annotation]
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(f'"{member.value}"' for member in annotation)
    origin, parts = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_text(parts[0])
    if origin is typing.Literal:
        return "|".join(f'"{part}"' for part in parts)
    if origin in (typing.Union, types.UnionType):
        return "|".join(_type_text(part) for part in parts)
    if origin is list:
        return f"[{_type_text(parts[0])}]"
    if origin is dict:
        return "{" + _type_text(parts[0]) + ": " + _type_text(parts[1]) + "}"
    if annotation is Any:
        return "any"
    return getattr(annotation, "__name__", str(annotation))


BEGIN = "<!-- mutation catalogue: made by scripts/mutation-catalogue from eklase_server -->"
END = "<!-- end of the mutation catalogue -->"


def documented(text: str) -> str:
    """The catalogue's part of the protocol document ``text``."""
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip("\n") + "\n"


def write_catalogue(path: str) -> None:
    """Puts ``catalogue_markdown`` between the markers of the document at ``path``."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text[:start] + "\n" + catalogue_markdown() + text[end:])

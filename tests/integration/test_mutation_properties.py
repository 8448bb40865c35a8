"""Every mutation, arbitrary arguments, a real server (issue 16): hypothesis draws the
arguments of each mutation name from its declared argument model — with the ids the demo
school really has, school-year dates and the domain's own codes beside out-of-range values,
oversize texts, wrong types, missing and unknown keys — and pushes them in batches as the
deputy, the clerk, a teacher and a tutor. No answer is a 500, no mutation fails in a way no
check foresaw ("Servera kļūda"), every result is one of the protocol's, and afterwards
nothing stored is a value the domain refuses."""

from __future__ import annotations

import datetime as dt
import enum
import os
import types
import typing
import uuid
from dataclasses import dataclass
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlalchemy import inspect, select

from eklase_desktop.domain.lessons import LessonType, NotHeldReason
from eklase_desktop.models import Base, Enrolment, Lesson, cell_id
from eklase_desktop.sync.mutation_args import MUTATION_ARGS, LessonFields
from eklase_desktop.sync.protocol import Status
from eklase_server import models as server_models  # noqa: F401  (the conflict table)
from tests.integration.laptops import database
from tests.integration.refusals.support import Api, ServerLog
from tests.integration.servers import ServerProcess
from tests.integration.test_api_fuzz import assert_everything_stored_is_valid, bounded

EXAMPLES = int(os.environ.get("EKLASE_PROPERTY_EXAMPLES", "12"))  # per name; more by hand
SENDERS = ("vietnieks", "vietnieks", "lietvedis", "skolotajs1", "audzinatajs", "koncertmeistars")
# an id field's table, where its name does not say it
PEOPLE = {"teacher", "tutor", "substitute", "concertmaster", "participants"}
TABLE_OF = {"students": "student", "order": "student_order", **{p: "staff" for p in PEOPLE}}
# the domain's own words, so that arguments get past the shape and into the rules (strict),
# and near misses (loose)
TOKENS = {
    "value": (["1", "4", "7", "10", "n", "nv", "i", "ni", "ia", ""], ["0", "11", " 7", "7.5"]),
    "period": (["S1", "S2", "Y", "YC", "E", "P", "M2026-10", "M2027-02"], ["M2026-13", "X"]),
    "month": (["2026-09", "2026-10", "2026-11", "2027-03"], ["2026-13", "0001-01", "M2026-10"]),
    "hours": (["1", "2", "0.5", "1,5"], ["0", "-1", "999999", "x"]),
    "phone": (["+371 20000000", "20000000", "67000000"], ["+37120", "x" * 31]),
    "personal_code": (["010180-10006", "32000000000", "010180-10007"], ["x", "01018010006"]),
    "lesson_type": ([t.value for t in LessonType], ["bogus"]),
    "not_held_reason": ([r.value for r in NotHeldReason], ["bogus"]),
    "name": (["7.b", "Ķīmija", "Fizika 8.a"], ["", " "]),
    "number": (["R-12/2026", "1-7/15"], [""]),
}
JUNK = st.sampled_from([None, [], {}, 1.5, -1, 10**20, True, "x" * 300, {"a": [1]}])
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@dataclass
class Pools:
    """What the demo school really has: ids per table, lessons' dates, and (course, lesson,
    student) triples of students enrolled where the lesson is."""

    ids: dict[str, list[str]]
    days: list[str]
    cells: list[tuple[str, str, str]]


def _pools(url: str) -> Pools:
    ids: dict[str, list[str]] = {}
    with database(url) as session:
        present = set(inspect(session.get_bind()).get_table_names())
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.name in present:
                found = session.scalars(select(table.c.id).order_by(table.c.id).limit(40)).all()
                ids[table.name] = [str(value) for value in found]
        days = session.scalars(select(Lesson.date).distinct().order_by(Lesson.date).limit(60)).all()
        cells = session.execute(
            select(Lesson.course_id, Lesson.id, Enrolment.student_id)
            .join(Enrolment, Enrolment.course_id == Lesson.course_id)
            .where(Lesson.deleted.is_(False))
            .order_by(Lesson.id, Enrolment.student_id)
            .limit(400)
        ).all()
    return Pools(
        ids,
        [day.isoformat() for day in days],
        [(str(c), str(lesson), str(student)) for c, lesson, student in cells],
    )


def _dates(pools: Pools, strict: bool) -> st.SearchStrategy[str]:
    school = st.dates(dt.date(2025, 8, 1), dt.date(2027, 8, 31)).map(dt.date.isoformat)
    if strict:
        return st.one_of(st.sampled_from(pools.days), school)
    far = ["0001-01-01", "1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01", "9999-12-31"]
    return st.one_of(st.sampled_from(far), TEXT)


def _ids(name: str, pools: Pools, strict: bool) -> st.SearchStrategy[str]:
    stem = name.removesuffix("_id")
    everything = [id for pool in pools.ids.values() for id in pool]
    known = pools.ids.get(TABLE_OF.get(stem, stem)) or everything
    if strict:
        return st.one_of(st.sampled_from(known), st.uuids().map(str))
    return st.one_of(st.sampled_from(everything), TEXT)


def _limit(metadata: list[Any], name: str) -> Any:
    return next((getattr(m, name) for m in metadata if getattr(m, name, None) is not None), None)


def _value(
    name: str, annotation: Any, metadata: list[Any], pools: Pools, strict: bool
) -> st.SearchStrategy[Any]:
    """Values for one field: of its declared type and within its limits (``strict``), or
    mostly not."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value(name, args[0], [*metadata, *args[1:]], pools, strict)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_value(name, arg, metadata, pools, strict) for arg in args])
    if annotation is type(None):
        return st.none()
    if origin is typing.Literal:
        return st.sampled_from(args) if strict else st.one_of(st.sampled_from(args), TEXT)
    if origin is list:
        most = _limit(metadata, "max_length") or 5
        least = _limit(metadata, "min_length") or 0
        item = _value(name, args[0], [], pools, strict)
        if strict:
            return st.lists(item, min_size=least, max_size=max(least, min(most, 4)))
        return st.lists(item, min_size=most + 1, max_size=most + 2) | st.lists(item, max_size=3)
    if origin is dict:  # a lesson's changes and bases
        return _arguments(LessonFields, pools, strict, partial=True)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _arguments(annotation, pools, strict)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = st.sampled_from([member.value for member in annotation])
        return values if strict else st.one_of(values, TEXT)
    if annotation is uuid.UUID:
        return _ids(name, pools, strict)
    if annotation in (dt.date, dt.datetime):
        return _dates(pools, strict)
    if annotation is bool:
        return st.booleans() if strict else st.sampled_from([0, 1, "yes", None, "true"])
    if annotation is int:
        low, high = _limit(metadata, "ge"), _limit(metadata, "le")
        if strict:
            return st.integers(low if low is not None else -3, high if high is not None else 60)
        return st.integers(-(10**12), 10**12) | st.sampled_from([-1, 0, 13, 9999])
    if annotation is str:
        most = _limit(metadata, "max_length") or 200
        least = _limit(metadata, "min_length") or 0
        good, bad = TOKENS.get(name, (["x"], [""]))
        tokens = st.sampled_from(good if strict else good + bad)
        if strict and name in TOKENS:
            return tokens
        if strict:
            fits = st.text(
                st.characters(exclude_categories=("Cs",)), min_size=least, max_size=min(most, 40)
            )
            return st.one_of(
                tokens, fits, st.text(st.sampled_from("aā7 "), min_size=most, max_size=most)
            )
        return st.one_of(
            tokens, st.text(st.sampled_from("aā7 "), min_size=most + 1, max_size=most + 40)
        )
    return JUNK


def _arguments(
    model: type[BaseModel], pools: Pools, strict: bool, partial: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """A model's arguments, each field drawn as above. Strict: the required ones and some
    optional ones; else also with a required key missing or an unknown one added. A cell's
    lesson (or course) and student are an enrolled pair, and its id the cell's own."""
    infos = model.model_fields
    fields = {
        name: _value(name, info.annotation, list(info.metadata), pools, strict)
        for name, info in infos.items()
    }
    required = [] if partial else [name for name, info in infos.items() if info.is_required()]
    optional = [name for name in fields if name not in required]

    @st.composite
    def draw(data: st.DrawFn) -> dict[str, Any]:
        chosen = data(st.lists(st.sampled_from(optional), unique=True)) if optional else []
        keep = set(required) | set(chosen)
        if not strict and required and data(st.booleans()):
            keep.discard(data(st.sampled_from(required)))
        arguments = {name: data(fields[name]) for name in fields if name in keep}
        if not strict and data(st.booleans()):
            arguments["unknown_field"] = data(JUNK)
        if strict and pools.cells and "student_id" in arguments and data(st.integers(0, 3)):
            course, lesson, student = data(st.sampled_from(pools.cells))
            for key, value in (("course_id", course), ("lesson_id", lesson)):
                if key in arguments:
                    arguments[key] = value
            arguments["student_id"] = student
            for kind in ("mark", "attendance"):
                if f"{kind}_id" in arguments and "lesson_id" in arguments:
                    arguments[f"{kind}_id"] = str(cell_id(kind, lesson, student))
            if "period_mark_id" in arguments and "period" in arguments:
                parts = (course, student, arguments["period"])
                arguments["period_mark_id"] = str(cell_id("period_mark", *parts))
        return arguments

    return draw()


def test_arbitrary_arguments_never_break_the_server_nor_store_what_the_domain_refuses(
    server: ServerProcess,
) -> None:
    """Every mutation name in turn against one server (a server for each would cost more
    than the pushes)."""
    api = Api(server)
    tokens = {user: api.token(user) for user in set(SENDERS)}
    pools = _pools(server.database_url)
    problems: list[str] = []
    answered: dict[str, set[str]] = {}

    def pushes(name: str, arguments: st.SearchStrategy[dict[str, Any]]) -> Any:
        seen = answered.setdefault(name, set())

        @given(sender=st.sampled_from(SENDERS), batch=st.lists(arguments, min_size=1, max_size=4))
        @bounded(EXAMPLES)
        def push(sender: str, batch: list[dict[str, Any]]) -> None:
            mutations = [
                {"seq": seq, "name": name, "args": args} for seq, args in enumerate(batch, 1)
            ]
            response = api.push(tokens[sender], mutations)
            if response.status_code != 200:
                problems.append(f"{response.status_code} {mutations}: {response.text[:300]}")
                return
            for result in response.json()["results"]:
                seen.add(result["status"])
                unforeseen = "Servera kļūda" in (result["reason"] or "")
                if result["status"] not in set(Status) or unforeseen:
                    problems.append(f"{sender} {mutations}: {result}")

        return push

    try:
        for name, model in sorted(MUTATION_ARGS.items()):
            strict = _arguments(model, pools, strict=True)
            loose = _arguments(model, pools, strict=False)
            pushes(str(name), st.one_of(strict, strict, strict, loose))()
    finally:
        api.close()
    assert not problems, "\n".join([*problems[:5], *ServerLog(server).errors()[-5:]])
    # every name was answered (the check could fail)
    assert len(answered) == len(MUTATION_ARGS)
    assert sorted(name for name, seen in answered.items() if not seen) == []
    assert_everything_stored_is_valid(server.database_url)

"""An API fuzzer against a real server (issue 16): schemathesis generates requests from the
server's own OpenAPI document — which describes each mutation's arguments, so it reaches
inside them — valid and invalid, for every operation. No answer may be a 500, and afterwards
nothing stored may be a value the domain refuses."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis.openapi import from_dict
from sqlalchemy import create_engine, select

from eklase_desktop.domain.lessons import LESSON_FIELDS
from eklase_desktop.domain.marks import parse_mark, period_slot
from eklase_desktop.models import Attendance, Lesson, Mark, PeriodMark
from eklase_server.app import create_app
from eklase_server.context import Rejected
from eklase_server.mutations.lessons import validate_lesson_row
from tests.integration.laptops import database
from tests.integration.refusals.support import Api
from tests.integration.servers import ServerProcess

SCHEMA = from_dict(create_app(create_engine("sqlite://")).openapi())
# Logging out or changing the password would end the fuzzer's own session: the other
# operations then only meet 401s. Both are covered by their own tests.
SESSION_ENDING = {"/api/v1/auth/logout", "/api/v1/auth/password"}
EXAMPLES = int(
    os.environ.get("EKLASE_FUZZ_EXAMPLES", "40")
)  # per operation: bounded, and the same every run (derandomized)


def bounded(examples: int) -> settings:
    """Hypothesis settings for a run against a live server: ``examples`` of them, the same
    every run, without time limits (a request may wait for the server)."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture
def live(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[ServerProcess, str]]:
    copy = tmp_path / "server.sqlite"
    shutil.copy(sqlite_template, copy)
    server = ServerProcess(f"sqlite:///{copy}").start()
    api = Api(server)
    try:
        yield server, api.token("vietnieks")  # the deputy: every journal, every mutation
    finally:
        api.close()
        server.kill()


def test_no_request_is_a_server_error_and_nothing_invalid_is_stored(
    live: tuple[ServerProcess, str],
) -> None:
    server, token = live
    failures: list[str] = []
    for found in SCHEMA.get_all_operations():
        operation = found.ok()
        if operation.path in SESSION_ENDING:
            continue

        @given(case=operation.as_strategy())
        @bounded(EXAMPLES)
        def call(case: object) -> None:
            response = case.call(  # type: ignore[attr-defined]
                base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
            if response.status_code >= 500:
                failures.append(
                    f"{case.operation.method.upper()} {case.operation.path}: "  # type: ignore[attr-defined]
                    f"{response.text[:200]}"
                )

        call()
    assert not failures, "\n".join([*failures[:10], server.log()[-3000:]])
    assert_everything_stored_is_valid(server.database_url)


def assert_everything_stored_is_valid(url: str) -> None:
    """What the domain refuses is not in the database: lessons, marks, period marks,
    attendance codes, and dates a school could mean."""
    school_days = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    with database(url) as session:
        for lesson in session.scalars(select(Lesson)):
            fields = {name: getattr(lesson, name) for name in LESSON_FIELDS}
            try:
                validate_lesson_row(fields)
            except Rejected as error:
                raise AssertionError(f"lesson {lesson.id}: {error.message} {fields}") from error
            assert school_days[0] <= lesson.date <= school_days[1], lesson.date
            assert len(lesson.topic) <= 2000 and len(lesson.homework) <= 4000
        for value in session.scalars(select(Mark.value).where(Mark.deleted.is_(False))):
            parse_mark(value)
        for period, value in session.execute(
            select(PeriodMark.period, PeriodMark.value).where(PeriodMark.deleted.is_(False))
        ):
            assert period_slot(period) is not None, period
            parse_mark(value)
        for presence, justification in session.execute(
            select(Attendance.presence, Attendance.justification)
        ):
            assert presence in ("", "n", "k") and justification in ("", "s", "c")

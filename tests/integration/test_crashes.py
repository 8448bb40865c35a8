"""Crash injection (SPEC S1): the laptop or the server is killed with SIGKILL at each named
point of push, pull and apply; after a restart from disk every edit exists exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import func, select

from eklase_desktop.models import Mark
from eklase_desktop.sync.client import Offline
from eklase_server.models import AuditEntry
from tests.integration.laptops import Laptop, LaptopFactory, class_7a, server_session
from tests.integration.servers import ServerProcess

CLIENT_POINTS = [
    "client.push.before_send",
    "client.push.after_response",
    "client.pull.after_response",
    "client.pull.before_commit",
]
SERVER_POINTS = ["server.push.before_commit", "server.push.after_commit"]
MARKS = ["6", "7", "8", "9", "n 4"]


def edit(laptop: Laptop, ids: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """Five offline edits in different cells; returns (lesson, student, text) of each."""
    lesson = ids["latvian_lessons"][-1]
    empty = [s for s in ids["students"] if laptop.cell(ids["latvian"], lesson, s).is_empty]
    cells = [(lesson, student, text) for student, text in zip(empty, MARKS, strict=False)]
    assert len(cells) == len(MARKS)
    for lesson_id, student, text in cells:
        laptop.write(ids["latvian"], lesson_id, student, text)
    return cells


def run_sync(laptop: Laptop, server: ServerProcess, crash_at: str | None) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EKLASE_CRASH_AT", None)
    if crash_at:
        env["EKLASE_CRASH_AT"] = crash_at
    command = [
        sys.executable,
        "-m",
        "tests.integration.run_laptop",
        str(laptop.path),
        server.url,
        laptop.username,
    ]
    done = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    if done.returncode not in (0, -9):
        print(done.stderr.decode(errors="replace")[-3000:], server.log()[-5000:])
    return done.returncode


def assert_exactly_once(
    server: ServerProcess, laptop: Laptop, ids: dict[str, Any], cells: list[tuple[Any, Any, str]]
) -> None:
    assert laptop.waiting() == 0
    with server_session(server.database_url) as session:
        for lesson, student, text in cells:
            mark = text.split()[-1]
            rows = session.scalars(
                select(Mark).where(Mark.lesson_id == lesson, Mark.student_id == student)
            ).all()
            assert [row.value for row in rows] == [mark]
            applied = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.row_id == rows[0].id, AuditEntry.field == "value")
            )
            assert applied == 1  # applied once, however often it was sent
    for lesson, student, text in cells:
        assert laptop.cell(ids["latvian"], lesson, student).text == text


@pytest.fixture
def ids(server: ServerProcess) -> dict[str, Any]:
    with server_session(server.database_url) as session:
        return class_7a(session)


@pytest.mark.parametrize("point", CLIENT_POINTS)
def test_laptop_killed_mid_sync_loses_and_duplicates_nothing(
    laptops: LaptopFactory, server: ServerProcess, ids: dict[str, Any], point: str
) -> None:
    laptop = laptops("skolotajs1")
    cells = edit(laptop, ids)
    laptop.close()
    assert run_sync(laptop, server, point) == -9  # killed where the point says
    assert run_sync(laptop, server, None) == 0
    assert_exactly_once(server, laptops.reopen(laptop), ids, cells)


@pytest.mark.parametrize("point", SERVER_POINTS)
def test_server_killed_mid_push_loses_and_duplicates_nothing(
    laptops: LaptopFactory, server: ServerProcess, ids: dict[str, Any], point: str
) -> None:
    laptop = laptops("skolotajs1")
    cells = edit(laptop, ids)
    server.restart(EKLASE_CRASH_AT=point)
    with pytest.raises(Offline):
        laptop.sync()
    assert server.wait_dead() == -9
    server.start()
    laptop.client.login("skolotajs1", "demo")
    laptop.sync()
    assert_exactly_once(server, laptop, ids, cells)

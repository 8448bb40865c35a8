"""Pushes that arrive at the same moment (DESIGN §4): on PostgreSQL they compute side by
side and take turns only per lesson and for the write. Nothing may be lost or applied twice,
and a laptop pulling meanwhile must not skip a version that commits late."""

from __future__ import annotations

import threading
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from eklase_desktop.models import Mark, cell_id
from eklase_server.models import AuditEntry, ChangeLog, Conflict
from tests.integration.refusals.support import Api, School, database, mark_set
from tests.integration.servers import ServerProcess

PUSHERS = 12


def current_marks(url: str, cells: list[tuple[uuid.UUID, uuid.UUID]]) -> dict[uuid.UUID, Any]:
    ids = [cell_id("mark", lesson, student) for lesson, student in cells]
    with database(url) as session:
        found = {m.id: m for m in session.scalars(select(Mark).where(Mark.id.in_(ids)))}
        return {
            key: (None if key not in found or found[key].deleted else found[key].value)
            for key in ids
        }


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Runs ``work(0) … work(count - 1)`` in threads released together; their results."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # reported by the assertions below
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_pushes_to_the_same_cells_at_once_apply_each_cell_once(
    server: ServerProcess, api: Api, school: School
) -> None:
    # Every push waits a moment after reading: without the lesson's lock, all would read
    # the same values and each would overwrite the one before.
    server.restart(EKLASE_SLOW_AT="server.push.after_reading:0.3")
    cells = [(school.plain[-1], student) for student in school.students[:6]]
    before = current_marks(server.database_url, cells)
    token = api.token("skolotajs1")

    def wanted(index: int, key: uuid.UUID) -> str:
        """Push ``index``'s mark for the cell: never the mark it has (that would be a
        change that changes nothing, which the next push may rightly replace)."""
        value = str(index % 9 + 1)
        return value if value != before[key] else "10"

    def push(index: int) -> list[dict[str, Any]]:
        own = Api(server)
        try:
            mutations = [
                mark_set(n + 1, lesson, student, wanted(index, key), base=before[key])
                for n, (lesson, student) in enumerate(cells)
                for key in [cell_id("mark", lesson, student)]
            ]
            return own.results(token, mutations)
        finally:
            own.close()

    answers = at_once(PUSHERS, push)
    assert not [a for a in answers if isinstance(a, Exception)], answers

    after = current_marks(server.database_url, cells)
    by_cell: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    applied_value: dict[uuid.UUID, str] = {}
    conflicts: set[str] = set()
    for index, results in enumerate(answers):
        for (lesson, student), result in zip(cells, results, strict=True):
            key = cell_id("mark", lesson, student)
            by_cell[key][result["status"]] += 1
            if result["status"] == "applied":
                applied_value[key] = wanted(index, key)
            conflicts.update(result["conflict_ids"])
    for key, statuses in by_cell.items():
        # one push won the cell; every other was merged (same value) or became a conflict
        assert statuses["applied"] == 1, statuses
        assert statuses["applied"] + statuses["merged"] + statuses["conflict"] == PUSHERS
        assert after[key] == applied_value[key]
    with database(server.database_url) as session:
        ids = list(after)
        logged = session.scalars(
            select(AuditEntry).where(AuditEntry.row_id.in_(ids), AuditEntry.action == "set")
        ).all()
        assert Counter(entry.row_id for entry in logged if entry.version > 0) == dict.fromkeys(
            ids, 1
        )
        marks = {m.id: m for m in session.scalars(select(Mark).where(Mark.id.in_(ids)))}
        entries = {
            e.row_id: e for e in session.scalars(select(ChangeLog).where(ChangeLog.row_id.in_(ids)))
        }
        assert {key: marks[key].version for key in ids} == {
            key: entries[key].version for key in ids
        }
        open_ids = {
            str(c.id) for c in session.scalars(select(Conflict).where(Conflict.status == "open"))
        }
        assert conflicts <= open_ids


def test_a_laptop_pulling_during_simultaneous_pushes_misses_nothing(
    server: ServerProcess, api: Api, school: School
) -> None:
    lessons = school.plain[:PUSHERS]
    token = api.token("skolotajs1")
    start = api.pull(token, limit=1).json()  # a cursor at the start of the school's data
    cursor = None
    while True:  # to the present
        page = api.pull(token, cursor=cursor, limit=5000).json()
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert start["changes"]
    seen: dict[str, dict[str, Any]] = {}
    pushing = threading.Event()
    pushing.set()

    def pull_meanwhile() -> None:
        nonlocal cursor
        puller = Api(server)
        try:
            while True:
                still_pushing = pushing.is_set()
                page = puller.pull(token, cursor=cursor, limit=50).json()
                for change in page["changes"]:
                    seen[change["id"]] = change
                cursor = page["cursor"]
                if not still_pushing and not page["more"]:
                    return
        finally:
            puller.close()

    puller = threading.Thread(target=pull_meanwhile)
    puller.start()

    def push(index: int) -> list[dict[str, Any]]:
        own = Api(server)
        try:
            lesson = lessons[index]
            cells = [(lesson, student) for student in school.students]
            before = current_marks(server.database_url, cells)
            mutations = [
                mark_set(
                    n + 1,
                    lesson,
                    student,
                    "10" if before[cell_id("mark", lesson, student)] != "10" else "9",
                    base=before[cell_id("mark", lesson, student)],
                )
                for n, (lesson, student) in enumerate(cells)
            ]
            return own.results(token, mutations)
        finally:
            own.close()

    answers = at_once(PUSHERS, push)
    pushing.clear()
    puller.join(timeout=120)
    assert not puller.is_alive()
    assert not [a for a in answers if isinstance(a, Exception)], answers

    applied = [r for results in answers for r in results]
    assert {r["status"] for r in applied} == {"applied"}
    for result in applied:
        row = seen.get(result["row"]["id"])
        assert row is not None, f"pulled nothing for {result['row']['id']}"
        assert row["version"] == result["version"]
        assert row["data"]["value"] == result["row"]["data"]["value"]
    versions = [r["version"] for r in applied]
    assert len(set(versions)) == len(versions)

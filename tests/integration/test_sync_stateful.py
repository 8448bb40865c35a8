"""A hypothesis state machine: 2–4 laptops make random edits, syncs, lose responses, repeat
requests and restart; afterwards everyone converges and every edit is accounted for."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.models import Attendance, Mark, OutboxEntry
from eklase_desktop.services.cells import Cell
from eklase_desktop.sync.protocol import Mutation, MutationName, PushRequest
from tests.integration.laptops import Laptop, class_7a, server_session
from tests.integration.servers import ServerProcess

USERS = ["skolotajs1", "skolotajs1", "audzinatajs", "vietnieks"]
TEXTS = ["", "5", "8", "n", "k 7", "i", "ns", "nc 6"]


class Laptops(RuleBasedStateMachine):
    server: ClassVar[ServerProcess]
    folder: ClassVar[Path]
    ids: ClassVar[dict[str, Any]]
    counter = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        self.laptops: list[Laptop] = []
        self.created = 0  # outbox entries the edits made
        self.accounted = 0  # results the server gave for them

    @initialize(count=st.integers(min_value=2, max_value=4))
    def open_laptops(self, count: int) -> None:
        for username in USERS[:count]:
            path = self.folder / f"{username}-{next(self.counter)}.sqlite"
            laptop = Laptop(path, self.server.url, username)
            self.laptops.append(laptop)
            self._sync(laptop)

    def _cells(self) -> list[tuple[Any, Any]]:
        return [
            (lesson, student)
            for lesson in self.ids["latvian_lessons"][-3:]
            for student in self.ids["students"][:3]
        ]

    def _sync(self, laptop: Laptop) -> None:
        report = laptop.sync()
        self.accounted += sum(report.pushed.values())

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        laptop = data.draw(st.sampled_from(self.laptops))
        lesson, student = data.draw(st.sampled_from(self._cells()))
        before = laptop.waiting()
        text = data.draw(st.sampled_from(TEXTS))
        with contextlib.suppress(DomainError):  # refused on the laptop: nothing queued
            laptop.write(self.ids["latvian"], lesson, student, text)
        self.created += laptop.waiting() - before

    @rule(data=st.data())
    def sync(self, data: st.DataObject) -> None:
        self._sync(data.draw(st.sampled_from(self.laptops)))

    @rule(data=st.data(), repeat=st.booleans())
    def push_and_lose_the_answer(self, data: st.DataObject, repeat: bool) -> None:
        """The server applies the push, the answer never arrives (or the request is sent
        twice); the outbox keeps the entries and sends them again later."""
        laptop = data.draw(st.sampled_from(self.laptops))
        with laptop.factory() as session:
            entries = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
        if not entries:
            return
        request = PushRequest(
            client_id=laptop.engine.state.client_id(),
            mutations=[
                Mutation(
                    seq=e.seq,
                    name=MutationName(e.mutation),
                    args=e.args,
                    base_version=e.base_version,
                )
                for e in entries
            ],
        )
        for _ in range(2 if repeat else 1):
            laptop.client.push(request)

    @rule(data=st.data())
    def restart(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.laptops) - 1))
        old = self.laptops[index]
        old.close()
        self.laptops[index] = Laptop(old.path, self.server.url, old.username)

    @invariant()
    def nothing_waiting_is_lost(self) -> None:
        assert self.accounted <= self.created

    def teardown(self) -> None:
        for _ in range(2):
            for laptop in self.laptops:
                self._sync(laptop)
        try:
            assert all(laptop.waiting() == 0 for laptop in self.laptops)
            assert self.accounted == self.created  # applied, merged, conflict or rejected
            truth = self._server_cells()
            for laptop in self.laptops:
                journal = laptop.reader.open_journal(self.ids["latvian"])
                mine = {cell: journal.cells.get((cell[1], cell[0]), Cell()) for cell in truth}
                assert mine == truth, laptop.username
        finally:
            for laptop in self.laptops:
                laptop.close()

    def _server_cells(self) -> dict[tuple[Any, Any], Cell]:
        with server_session(self.server.database_url) as session:
            cells = {}
            for lesson, student in self._cells():
                mark = session.scalars(
                    select(Mark).where(Mark.lesson_id == lesson, Mark.student_id == student)
                ).all()
                seen = session.scalars(
                    select(Attendance).where(
                        Attendance.lesson_id == lesson, Attendance.student_id == student
                    )
                ).all()
                assert len(mark) <= 1 and len(seen) <= 1  # no duplicates
                value = mark[0].value if mark and not mark[0].deleted else ""
                presence = seen[0] if seen and not seen[0].deleted else None
                cells[(lesson, student)] = Cell(
                    presence.presence if presence else "",
                    presence.justification if presence else "",
                    value,
                )
            return cells


def test_random_offline_work_converges(server: ServerProcess, tmp_path: Path) -> None:
    Laptops.server, Laptops.folder = server, tmp_path
    with server_session(server.database_url) as session:
        Laptops.ids = class_7a(session)
    run_state_machine_as_test(
        Laptops,
        settings=settings(
            max_examples=8,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )

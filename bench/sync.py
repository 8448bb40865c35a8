"""Benchmarks of sync (issue 3), printing JSON. Real server processes on 127.0.0.1.

1. push 10,000 queued edits end to end (target ≤ 10 s), server apply rate (≥ 1,000/s on
   SQLite, ≥ 2,000/s on PostgreSQL);
2. a teacher's first download of a school year of about 40,000 rows (≤ 10 s);
3. 200 clients each pushing 50 edits at once, PostgreSQL (no errors, push p95 ≤ 2 s);
4. the 17:00 rush under attack (issue 16): 300 clients each pushing 50 edits while two
   connections flood failed logins (from ever new addresses, so that the brake stops only
   some of them), beside the same rush without the flood from the same run.

Run: ``.venv/bin/python -m bench.sync`` (needs PostgreSQL installed, as scripts/setup does);
``… -m bench.sync --rush`` runs only the fourth.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import Course, Enrolment, Lesson, Mark, Staff, cell_id
from eklase_desktop.models.cache import open_cache
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine
from eklase_desktop.sync.protocol import Mutation, MutationName, PushRequest, PushResponse
from eklase_server.changes import register_all_rows
from tests.integration.servers import PostgresCluster, ServerProcess

EDITS, CLIENTS, EDITS_EACH, DOWNLOAD_TARGET = 10_000, 200, 50, 40_000


def seed(url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "eklase_server", "--database-url", url, "seed-demo"],
        check=True,
        capture_output=True,
    )


def teacher_cells(session: Session, username: str) -> list[tuple[uuid.UUID, uuid.UUID, str | None]]:
    """(lesson, student, current mark) of every cell in the teacher's courses."""
    me = session.scalars(select(Staff.id).where(Staff.username == username)).one()
    rows = session.execute(
        select(Lesson.id, Enrolment.student_id)
        .join(Course, Course.id == Lesson.course_id)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(Course.teacher_id == me, Lesson.deleted.is_(False))
    ).all()
    marks = {(m.lesson_id, m.student_id): m.value for m in session.scalars(select(Mark))}
    return [(row[0], row[1], marks.get((row[0], row[1]))) for row in rows]


def grow_school_year(url: str, username: str) -> None:
    """Adds a full year of lessons and marks to the teacher's courses (≈ 40,000 rows)."""
    engine = create_engine(url)
    factory = sessionmaker(engine)
    rng = random.Random(3)
    with factory.begin() as session:
        me = session.scalars(select(Staff.id).where(Staff.username == username)).one()
        courses = list(session.scalars(select(Course.id).where(Course.teacher_id == me)))
        lessons, marks = [], []
        for course in courses:
            students = list(
                session.scalars(select(Enrolment.student_id).where(Enrolment.course_id == course))
            )
            for n in range(170):
                lesson = uuid.uuid4()
                day = dt.date(2026, 11, 2) + dt.timedelta(days=n)
                lessons.append(
                    {
                        "id": lesson,
                        "course_id": course,
                        "date": day,
                        "topic": f"T{n}",
                        "homework": "",
                        "notes": "",
                        "lesson_type": "ordinary",
                        "remote": False,
                        "version": 0,
                        "deleted": False,
                    }
                )
                marks += [
                    {
                        "id": cell_id("mark", lesson, s),
                        "lesson_id": lesson,
                        "student_id": s,
                        "value": str(rng.randint(4, 10)),
                        "entered_at": dt.datetime(2026, 11, 20),
                        "version": 0,
                        "deleted": False,
                    }
                    for s in students
                    if rng.random() < 0.85
                ]
        session.execute(insert(Lesson), lessons)
        session.execute(insert(Mark), marks)
        register_all_rows(session)
    engine.dispose()  # PostgreSQL copies a database only while nobody is connected to it


def bench_push(server: ServerProcess, folder: Path) -> dict[str, Any]:
    client = SyncClient(server.url)
    client.login("skolotajs1", "demo")
    factory = open_cache(folder / f"push-{uuid.uuid4().hex[:6]}.sqlite")
    engine = SyncEngine(factory, client)
    engine.sync()
    with sessionmaker(create_engine(server.database_url))() as session:
        cells = teacher_cells(session, "skolotajs1")
    rng = random.Random(1)
    from eklase_desktop.models import OutboxEntry

    with factory.begin() as session:  # 10,000 edits waiting, as a day offline leaves them
        for lesson, student, current in rng.sample(cells, EDITS):
            session.add(
                OutboxEntry(
                    mutation="mark.set",
                    args={
                        "mark_id": str(cell_id("mark", lesson, student)),
                        "lesson_id": str(lesson),
                        "student_id": str(student),
                        "value": str(rng.randint(1, 10)),
                        "base": current,
                    },
                    base_version=0,
                    created_at=dt.datetime.now(),
                )
            )
    timings: list[float] = []
    original = client.push

    def timed(body: PushRequest) -> Any:
        start = time.perf_counter()
        answer = original(body)
        timings.append(time.perf_counter() - start)
        return answer

    client.push = timed  # type: ignore[method-assign]
    start = time.perf_counter()
    report = engine.sync()
    total = time.perf_counter() - start
    return {
        "edits": EDITS,
        "end_to_end_s": round(total, 2),
        "push_requests_s": round(sum(timings), 2),
        "mutations_per_s": round(EDITS / sum(timings)),
        "results": dict(report.pushed),
    }


def bench_download(server: ServerProcess, folder: Path) -> dict[str, Any]:
    client = SyncClient(server.url)
    client.login("skolotajs1", "demo")
    engine = SyncEngine(open_cache(folder / f"download-{uuid.uuid4().hex[:6]}.sqlite"), client)
    start = time.perf_counter()
    report = engine.sync()
    return {"rows": report.pulled, "seconds": round(time.perf_counter() - start, 2)}


def flood_logins(server: ServerProcess, stop: threading.Event, tally: dict[str, int]) -> None:
    """Failed logins as fast as one connection sends them, each from a new loopback address
    (127.0.x.y): the brake answers an address 429 only after its 30th failure."""
    body = json.dumps({"username": "skolotajs2", "password": "uzbrucejs"}).encode()
    headers = {"Content-Type": "application/json"}
    address = 0
    while not stop.is_set():
        address += 1
        source = (f"127.0.{1 + address // 250 % 250}.{1 + address % 250}", 0)
        for _attempt in range(30):
            connection = http.client.HTTPConnection(
                "127.0.0.1", server.port, timeout=60, source_address=source
            )
            try:
                connection.request("POST", "/api/v1/auth/login", body, headers)
                status = connection.getresponse().status
                tally[str(status)] = tally.get(str(status), 0) + 1
            except OSError:
                tally["error"] = tally.get("error", 0) + 1
            finally:
                connection.close()
            if stop.is_set():
                return


def bench_many_clients(
    server: ServerProcess, clients: int = CLIENTS, flooders: int = 0
) -> dict[str, Any]:
    """Each client's request is encoded before the start and its answer parsed after its
    clock stops: the clients are laptops, so their JSON work is not the server's and must
    not take the server's cores here. ``flooders`` connections flood failed logins during
    the rush."""
    with sessionmaker(create_engine(server.database_url))() as session:
        cells = teacher_cells(session, "skolotajs1")
    rng = random.Random(2)
    chosen = rng.sample(cells, clients * EDITS_EACH)
    token = SyncClient(server.url).login("skolotajs1", "demo").token
    bodies = []
    for index in range(clients):
        mine = chosen[index * EDITS_EACH : (index + 1) * EDITS_EACH]
        request = PushRequest(
            client_id=uuid.uuid4(),
            mutations=[
                Mutation(
                    seq=n + 1,
                    name=MutationName.MARK_SET,
                    args={
                        "mark_id": str(cell_id("mark", lesson, student)),
                        "lesson_id": str(lesson),
                        "student_id": str(student),
                        "value": "7" if current != "7" else "8",
                        "base": current,
                    },
                )
                for n, (lesson, student, current) in enumerate(mine)
            ],
        )
        bodies.append(request.model_dump_json().encode())
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answers: list[tuple[float, int, bytes]] = []
    errors: list[str] = []
    barrier = threading.Barrier(clients)

    def one(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        connection.connect()
        barrier.wait()
        start = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/sync/push", bodies[index], headers)
            response = connection.getresponse()
            answer = response.read()
            answers.append((time.perf_counter() - start, response.status, answer))
        except OSError as error:  # counted, reported
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    stop, tally = threading.Event(), dict[str, int]()
    floods = [
        threading.Thread(target=flood_logins, args=(server, stop, tally)) for _ in range(flooders)
    ]
    for flood in floods:
        flood.start()
    time.sleep(2 if flooders else 0)  # the flood is on before the rush
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    stop.set()
    for flood in floods:
        flood.join()
    for _seconds, status, answer in answers:
        if status != 200:
            errors.append(f"HTTP {status}")
        elif any(r.status != "applied" for r in PushResponse.model_validate_json(answer).results):
            errors.append("not applied")
    latencies = sorted(seconds for seconds, _status, _answer in answers)
    return {
        "clients": clients,
        "edits_each": EDITS_EACH,
        **({"failed_logins": tally} if flooders else {}),
        "errors": len(errors),
        "push_p50_s": round(statistics.median(latencies), 3),
        "push_p95_s": round(latencies[int(len(latencies) * 0.95) - 1], 3),
        "wall_s": round(wall, 2),
    }


def bench_rush(cluster: PostgresCluster) -> dict[str, Any]:
    """300 laptops at 17:00 with and without two login floods, each on its own copy."""
    found: dict[str, Any] = {}
    for copy, flooders in (("rush_quiet", 0), ("rush_attacked", 2)):
        cluster.sql(f"CREATE DATABASE {copy} TEMPLATE bench")
        workers = ["--workers", str(os.cpu_count() or 1)]  # as PostgreSQL is served
        server = ServerProcess(cluster.database_url(copy), options=workers).start()
        try:
            found[copy] = bench_many_clients(server, clients=300, flooders=flooders)
        finally:
            server.kill()
    return found


def download_and_push(kind: str, url: str, folder: Path) -> dict[str, Any]:
    """The first two benchmarks against a server on ``url``."""
    server = ServerProcess(url).start()
    try:
        return {
            f"{kind}_download": bench_download(server, folder),
            f"{kind}_push": bench_push(server, folder),
        }
    finally:
        server.kill()


def main() -> None:
    rush_only = "--rush" in sys.argv[1:]
    results: dict[str, Any] = {
        "benchmark": "sync",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
    }
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sqlite_url = f"sqlite:///{folder / 'server.sqlite'}"
        if not rush_only:
            seed(sqlite_url)
            grow_school_year(sqlite_url, "skolotajs1")
            results |= download_and_push("sqlite", sqlite_url, folder)
        cluster = PostgresCluster()
        cluster.start()
        try:
            cluster.sql("CREATE DATABASE bench")
            pg_url = cluster.database_url("bench")
            seed(pg_url)
            grow_school_year(pg_url, "skolotajs1")
            results["postgresql_rush_under_attack"] = bench_rush(cluster)
            if rush_only:
                print(json.dumps(results, indent=2))
                return
            # The 200-client runs each start from the same school year, not from what the
            # run before them left (20,000 changed rows, which PostgreSQL's autovacuum would
            # be cleaning up during the next run).
            for copy in ("many_one", "many_workers"):
                cluster.sql(f"CREATE DATABASE {copy} TEMPLATE bench")
            results |= download_and_push("postgresql", pg_url, folder)
            server = ServerProcess(cluster.database_url("many_one")).start()
            try:
                results["postgresql_200_clients"] = bench_many_clients(server)
            finally:
                server.kill()
            # as PostgreSQL is served in production: a process per core
            workers = ["--workers", str(os.cpu_count() or 1)]
            server = ServerProcess(cluster.database_url("many_workers"), options=workers).start()
            try:
                results["postgresql_200_clients_workers"] = bench_many_clients(server)
            finally:
                server.kill()
        finally:
            cluster.stop()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""What the server refuses, and that a refusal changes nothing (SPEC A4, S5; DOMAIN: roles,
attendance, marks; docs/sync-protocol.md).

Every refusal here is a 4xx answer or a ``rejected`` result with a reason; the server's
database is compared before and after, and no answer may be a 500.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from eklase_desktop.models import (
    Lesson,
    Mark,
    cell_id,
)
from eklase_desktop.sync.client import AuthError
from eklase_desktop.sync.protocol import MAX_BATCH, MAX_BODY_BYTES
from eklase_server.auth import now, token_digest
from eklase_server.models import Account, Conflict, Token
from tests.integration.laptops import LaptopFactory
from tests.integration.refusals.support import (
    LATVIAN_LETTERS,
    Api,
    School,
    ServerLog,
    _marked_cell,
    _other_mark,
    assert_rejected,
    cli,
    database,
    justification_set,
    mark_set,
    presence_set,
    snapshot,
)
from tests.integration.servers import ServerProcess


def test_wrong_logins_are_refused_and_then_slowed_down(server: ServerProcess, api: Api) -> None:
    before = snapshot(server.database_url)
    with database(server.database_url) as session:
        tokens_before = session.scalar(select(func.count()).select_from(Token))

    wrong = api.login("skolotajs1", "nepareiza")
    assert wrong.status_code == 401
    detail = wrong.json()["detail"]
    assert isinstance(detail, str) and LATVIAN_LETTERS & set(detail), detail  # Latvian text
    unknown = api.login("nav_tada_lietotaja", "demo")
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == detail  # no hint whether the name exists

    # Ten failures within a minute lock the account, even against the right password.
    for attempt in range(10):
        response = api.login("skolotajs2", f"mineju-{attempt}")
        assert response.status_code == 401, (attempt, response.text)
    locked = api.login("skolotajs2", "demo")
    assert locked.status_code == 429, locked.text
    assert LATVIAN_LETTERS & set(locked.json()["detail"])
    assert "token" not in locked.json()
    assert api.login("skolotajs2", "vel-viena").status_code == 429
    # Another account is not affected: skolotajs1 (one failure only) still logs in.
    other = api.login("skolotajs1", "demo")
    assert other.status_code == 200 and other.json()["username"] == "skolotajs1"

    with database(server.database_url) as session:
        locked_account = session.scalars(
            select(Account.id).where(Account.username == "skolotajs2")
        ).one()
        assert (
            session.scalar(
                select(func.count()).select_from(Token).where(Token.account_id == locked_account)
            )
            == 0
        )
        assert session.scalar(select(func.count()).select_from(Token)) == (tokens_before or 0) + 1
    assert snapshot(server.database_url) == before


def test_sync_without_a_valid_token_is_refused(
    server: ServerProcess, api: Api, school: School
) -> None:
    before = snapshot(server.database_url)
    change = [mark_set(1, school.plain[0], school.students[0], "7")]
    garbage = "x" * 43

    assert api.pull(None).status_code == 401
    assert api.pull(garbage).status_code == 401
    no_token = api.post(
        "/api/v1/sync/push", None, json={"client_id": str(uuid.uuid4()), "mutations": change}
    )
    assert no_token.status_code == 401
    assert api.push(garbage, change).status_code == 401
    real = api.token("skolotajs1")
    basic = api.http.post(
        "/api/v1/sync/pull",
        json={"client_id": str(uuid.uuid4())},
        headers={"Authorization": f"Basic {real}"},
    )
    assert basic.status_code == 401
    empty = api.http.post(
        "/api/v1/sync/pull",
        json={"client_id": str(uuid.uuid4())},
        headers={"Authorization": "Bearer"},
    )
    assert empty.status_code == 401
    for response in (api.pull(None), api.pull(garbage), basic, empty):
        detail = response.json()["detail"]
        assert isinstance(detail, str) and LATVIAN_LETTERS & set(detail), detail

    # A logged-out token is dead; the same user's other token lives on.
    other = api.token("skolotajs1")
    assert api.pull(real, limit=1).status_code == 200
    assert api.post("/api/v1/auth/logout", real).status_code == 204
    assert api.pull(real, limit=1).status_code == 401
    assert api.push(real, change).status_code == 401
    assert (
        api.http.get(
            "/api/v1/sync/conflicts", headers={"Authorization": f"Bearer {real}"}
        ).status_code
        == 401
    )
    assert api.post("/api/v1/auth/logout", real).status_code == 401
    assert api.pull(other, limit=1).status_code == 200

    # An expired token (30 days passed) is refused.
    with database(server.database_url) as session, session.begin():
        row = session.scalars(select(Token).where(Token.token_hash == token_digest(other))).one()
        assert row.expires_at > now() and row.revoked_at is None
        row.expires_at = now() - dt.timedelta(minutes=1)
    assert api.pull(other, limit=1).status_code == 401
    assert api.push(other, change).status_code == 401
    assert snapshot(server.database_url) == before


def test_a_revoked_account_can_neither_log_in_nor_sync(
    server: ServerProcess, api: Api, school: School, laptops: LaptopFactory
) -> None:
    token = api.token("skolotajs1")
    assert api.pull(token, limit=1).status_code == 200
    laptop = laptops("skolotajs1")
    lesson, student = school.plain[-1], school.students[0]
    laptop.write(school.latvian, lesson, student, "8")  # offline, not yet synced
    before = snapshot(server.database_url)

    done = cli(server.database_url, "revoke-user", "skolotajs1")
    assert done.returncode == 0, done.stdout + done.stderr

    # the right password learns that the account is closed (SPEC A4); a wrong one nothing
    closed = api.login("skolotajs1")
    assert closed.status_code == 403 and closed.json()["detail"].startswith("Konts ir slēgts")
    assert api.login("skolotajs1", "not-the-password").status_code == 401
    assert api.pull(token, limit=1).status_code == 401
    change = [mark_set(1, school.plain[0], school.students[0], "7")]
    assert api.push(token, change).status_code == 401
    hello = {
        "protocol_version": 1,
        "client_id": str(uuid.uuid4()),
        "next_seq": 1,
        "client_time": "2026-10-01T10:00:00+00:00",
    }
    assert api.post("/api/v1/sync/hello", token, json=hello).status_code == 401
    # The laptop is told so, and keeps the change it could not send.
    with pytest.raises(AuthError) as refused:
        laptop.sync()
    assert refused.value.status == 401 and LATVIAN_LETTERS & set(refused.value.message)
    assert laptop.waiting() == 1
    assert laptop.cell(school.latvian, lesson, student).mark == "8"
    # Others work on.
    assert api.pull(api.token("skolotajs2"), limit=1).status_code == 200
    assert snapshot(server.database_url) == before


# --- what a role may not write ---------------------------------------------------------


def test_writes_the_role_does_not_allow_are_rejected_with_a_reason(
    server: ServerProcess, api: Api, school: School
) -> None:
    before = snapshot(server.database_url)
    lesson, student = school.plain[-1], school.students[0]
    maths_course = str(school.maths)

    # A subject teacher (skolotajs1) in skolotajs2's maths course, and a justification.
    teacher = api.results(
        api.token("skolotajs1"),
        [
            mark_set(1, school.maths_lesson, student, "8"),
            presence_set(2, school.maths_lesson, student, "n"),
            {
                "seq": 3,
                "name": "lesson.update",
                "args": {
                    "lesson_id": str(school.maths_lesson),
                    "changes": {"topic": "Svešs"},
                    "base": {"topic": ""},
                },
            },
            {"seq": 4, "name": "lesson.delete", "args": {"lesson_id": str(school.maths_lesson)}},
            {
                "seq": 5,
                "name": "lesson.create",
                "args": {
                    "lesson_id": str(uuid.uuid4()),
                    "course_id": maths_course,
                    "date": "2026-10-05",
                },
            },
            {
                "seq": 6,
                "name": "period_mark.set",
                "args": {
                    "period_mark_id": str(cell_id("period_mark", school.maths, student, "S1")),
                    "course_id": maths_course,
                    "student_id": str(student),
                    "period": "S1",
                    "value": "7",
                },
            },
            justification_set(7, lesson, student, "s", base=""),
        ],
    )
    # A maths mark's id carried in a mutation of an own lesson: refused, nothing shown.
    with database(server.database_url) as session:
        maths_mark = session.scalars(
            select(Mark).where(Mark.lesson_id == school.maths_lesson, Mark.deleted.is_(False))
        ).first()
        assert maths_mark is not None
    [foreign] = api.results(
        api.token("skolotajs1"),
        [mark_set(1, lesson, maths_mark.student_id, "8", mark_id=maths_mark.id)],
    )
    assert_rejected(foreign, "a maths mark's id")
    assert foreign["row"] is None
    for index, result in enumerate(teacher[:6]):
        says = () if index == 1 else ("Jums nav tiesību",)  # presence: "… stundas skolotājs"
        assert_rejected(result, f"skolotajs1 in maths (seq {index + 1})", *says)
        assert result["row"] is None  # nothing of another teacher's course comes back
    assert_rejected(teacher[6], "teacher justifies", "audzinātājs")

    # The tutor of 7.a: presence and marks of a lesson they do not teach; a justification
    # in 8.a, whose history they teach but do not tutor.
    tutor = api.results(
        api.token("audzinatajs"),
        [
            presence_set(1, lesson, student, "n"),
            mark_set(2, lesson, student, "8"),
            justification_set(3, school.history_8a, school.history_8a_student, "s"),
        ],
    )
    assert_rejected(tutor[0], "tutor sets presence", "audzinātājs")
    assert_rejected(tutor[1], "tutor sets a mark", "Jums nav tiesību")
    assert_rejected(tutor[2], "tutor justifies in 8.a", "audzinātājs")

    # The concertmaster and the clerk write no marks; the clerk sets no presence.
    concertmaster = api.results(
        api.token("koncertmeistars"),
        [mark_set(1, school.accompanied, school.accompanied_student, "8")],
    )
    assert_rejected(concertmaster[0], "concertmaster sets a mark")
    clerk = api.results(
        api.token("lietvedis"),
        [mark_set(1, lesson, student, "8"), presence_set(2, lesson, student, "n")],
    )
    assert_rejected(clerk[0], "clerk sets a mark", "Jums nav tiesību")
    assert_rejected(clerk[1], "clerk sets presence")

    assert snapshot(server.database_url) == before


def test_values_and_cells_that_are_not_valid_are_rejected(
    server: ServerProcess, api: Api, school: School
) -> None:
    before = snapshot(server.database_url)
    lesson, student, other = school.plain[-1], school.students[0], school.students[1]
    results = api.results(
        api.token("skolotajs1"),
        [
            mark_set(1, lesson, student, "11"),
            mark_set(2, lesson, student, "7.5"),
            mark_set(3, lesson, student, "nv"),  # nv only for tests (SPEC J9)
            mark_set(4, lesson, student, "atb"),  # atb only for period marks (SPEC J10)
            mark_set(5, lesson, student, "8", mark_id=uuid.uuid4()),
            mark_set(6, lesson, student, "8", mark_id=cell_id("mark", lesson, other)),
            mark_set(7, school.test, student, "8", mark_id=cell_id("mark", lesson, student)),
            presence_set(8, lesson, student, "n", attendance_id=cell_id("mark", lesson, student)),
            mark_set(9, lesson, school.outsider, "8"),  # a student of 8.a
            mark_set(10, uuid.uuid4(), student, "8"),  # no such lesson
            {
                "seq": 11,
                "name": "lesson.update",
                "args": {
                    "lesson_id": str(lesson),
                    "changes": {"lesson_type": "festivities"},
                    "base": {"lesson_type": "ordinary"},
                },
            },
            {
                "seq": 12,
                "name": "lesson.update",
                "args": {
                    "lesson_id": str(lesson),
                    "changes": {"taught_by_id": str(uuid.uuid4())},
                    "base": {"taught_by_id": None},
                },
            },
        ],
    )
    assert_rejected(results[0], "mark 11", "11")
    assert_rejected(results[1], "mark 7.5", "7.5")
    assert_rejected(results[2], "nv in a lesson without a test", "nv")
    assert_rejected(results[3], "atb in a lesson", "atb")
    for index in (4, 5, 6, 7):
        assert_rejected(results[index], f"not the cell id (seq {index + 1})", "identifikator")
    assert_rejected(results[8], "student of another class", "nemācās")
    assert_rejected(results[9], "unknown lesson")
    assert_rejected(results[10], "unknown lesson type")
    assert_rejected(results[11], "a field lesson.update may not change")
    assert snapshot(server.database_url) == before


def test_a_month_mark_needs_a_real_month(server: ServerProcess, api: Api, school: School) -> None:
    """Period marks are S1, S2, Y, E, P or a month ``M2026-09`` (models.PeriodMark)."""
    before = snapshot(server.database_url)
    student = school.students[0]
    mutations: list[dict[str, Any]] = [
        {
            "seq": seq,
            "name": "period_mark.set",
            "args": {
                "period_mark_id": str(cell_id("period_mark", school.latvian, student, period)),
                "course_id": str(school.latvian),
                "student_id": str(student),
                "period": period,
                "value": "7",
            },
        }
        for seq, period in enumerate(["Mzz", "M2026-13", "M"], start=1)
    ]
    results = api.results(api.token("skolotajs1"), mutations)
    accepted = [
        (m["args"]["period"], r["status"])
        for m, r in zip(mutations, results, strict=True)
        if r["status"] != "rejected"
    ]
    assert accepted == [], f"period marks for columns that do not exist were accepted: {accepted}"
    assert snapshot(server.database_url) == before


# --- receipts --------------------------------------------------------------------------


def test_an_applied_change_heard_again_gets_the_same_answer(
    server: ServerProcess, api: Api, school: School
) -> None:
    token = api.token("skolotajs1")
    client = uuid.uuid4()
    lesson = school.plain[-1]
    changes = [
        mark_set(n, lesson, student, "8") for n, student in enumerate(school.students[:2], 1)
    ]
    first = api.push(token, changes, client)
    assert first.status_code == 200
    results = first.json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    after = snapshot(server.database_url)
    with database(server.database_url) as session:
        ids = [cell_id("mark", lesson, student) for student in school.students[:2]]
        stored = dict(session.execute(select(Mark.id, Mark.version).where(Mark.id.in_(ids))).all())
    # The answer names the versions the marks were stored with (on PostgreSQL the push took
    # them in the statement that wrote it, and its receipts keep them as provisional ones).
    assert [r["version"] for r in results] == [stored[key] for key in ids]
    assert [r["row"]["version"] for r in results] == [stored[key] for key in ids]
    assert first.json()["server_version"] == after["version"] == max(stored.values())

    again = api.push(token, changes, client)  # the laptop did not hear the answer
    assert again.status_code == 200
    assert again.json()["results"] == results
    assert snapshot(server.database_url) == after


def test_a_rejected_mutation_keeps_its_receipt(
    server: ServerProcess, api: Api, school: School
) -> None:
    before = snapshot(server.database_url)
    token = api.token("skolotajs1")
    client = uuid.uuid4()
    refused = mark_set(1, school.plain[-1], school.students[0], "11")
    first = api.push(token, [refused], client)
    assert first.status_code == 200
    [result] = first.json()["results"]
    assert_rejected(result, "mark 11")

    again = api.push(token, [refused], client)  # the laptop did not hear the answer
    assert again.status_code == 200
    assert again.json()["results"] == [result]
    hello = api.post(
        "/api/v1/sync/hello",
        token,
        json={
            "protocol_version": 1,
            "client_id": str(client),
            "next_seq": 2,
            "client_time": "2026-10-01T10:00:00+00:00",
        },
    )
    assert hello.status_code == 200 and hello.json()["last_seq_seen"] == 1

    # The same seq with other content: the client's numbering is broken.
    other = mark_set(1, school.plain[-1], school.students[0], "12")
    reused = api.push(token, [other], client)
    assert reused.status_code == 409 and "seq_reused" in reused.json()["detail"]
    # ... and a batch carrying it is refused whole, its good change included.
    good = mark_set(2, school.plain[-1], school.students[1], "8")
    mixed = api.push(token, [good, {**other, "seq": 1}], client)
    assert mixed.status_code == 409
    # Another account replaying the same (client id, seq) gets no receipt of someone else.
    stranger = api.push(api.token("skolotajs2"), [refused], client)
    assert stranger.status_code == 409
    # One seq twice in one push: refused whole before anything is read.
    twice = api.push(token, [good, {**good, "args": {**good["args"], "value": "9"}}])
    assert twice.status_code == 422 and "own seq" in twice.text
    assert snapshot(server.database_url) == before


def test_only_the_parties_resolve_a_conflict(
    server: ServerProcess, api: Api, school: School
) -> None:
    lesson, student, theirs = _marked_cell(server.database_url, school)
    mine = _other_mark(theirs)
    # skolotajs1 enters a mark over one they never saw (base: empty): a conflict (SPEC S4).
    [result] = api.results(api.token("skolotajs1"), [mark_set(1, lesson, student, mine)])
    assert result["status"] == "conflict", result
    [conflict] = result["conflict_ids"]
    before = snapshot(server.database_url)

    for username in ("skolotajs2", "audzinatajs"):  # not a party, not the deputy
        token = api.token(username)
        for choice in ("mine", "theirs"):
            answer = api.post(
                f"/api/v1/sync/conflicts/{conflict}/resolve", token, json={"choice": choice}
            )
            assert answer.status_code == 403, (username, answer.text)
            assert LATVIAN_LETTERS & set(answer.json()["detail"])
        resolve = {"conflict_id": conflict, "choice": "mine"}
        [refused] = api.results(token, [{"seq": 1, "name": "conflict.resolve", "args": resolve}])
        assert_rejected(refused, f"{username} resolves")
        listed = api.http.get(
            "/api/v1/sync/conflicts", headers={"Authorization": f"Bearer {token}"}
        )
        assert listed.status_code == 200 and listed.json()["conflicts"] == []

    assert snapshot(server.database_url) == before
    with database(server.database_url) as session:
        row = session.get(Conflict, uuid.UUID(conflict))
        assert row is not None and row.status == "open"
        mark = session.get(Mark, cell_id("mark", lesson, student))
        assert mark is not None and mark.value == theirs


# --- malformed requests ----------------------------------------------------------------


def test_malformed_requests_are_4xx_never_500(
    server: ServerProcess, api: Api, school: School
) -> None:
    before = snapshot(server.database_url)
    token = api.token("skolotajs1")
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    good = mark_set(1, school.plain[-1], school.students[0], "8")
    client = str(uuid.uuid4())

    def push_raw(content: bytes) -> httpx.Response:
        return api.http.post("/api/v1/sync/push", content=content, headers=auth)

    def push_json(body: Any) -> httpx.Response:
        return push_raw(json.dumps(body).encode())

    answers: dict[str, httpx.Response] = {
        "not JSON": push_raw(b'{"client_id": "'),
        "an array": push_json([good]),
        "wrong types": push_json({"client_id": 5, "mutations": "many"}),
        "no mutations": push_json({"client_id": client}),
        "extra field in the body": push_json({"client_id": client, "mutations": [good], "as": 1}),
        "extra field in a mutation": push_json(
            {"client_id": client, "mutations": [{**good, "sudo": True}]}
        ),
        "seq 0": push_json({"client_id": client, "mutations": [{**good, "seq": 0}]}),
        "negative base_version": push_json(
            {"client_id": client, "mutations": [{**good, "base_version": -1}]}
        ),
        f"{MAX_BATCH + 1} mutations": push_json(
            {
                "client_id": client,
                "mutations": [
                    mark_set(seq, school.plain[-1], school.students[0], "8")
                    for seq in range(1, MAX_BATCH + 2)
                ],
            }
        ),
        "a body over 4 MiB": push_raw(b" " * (MAX_BODY_BYTES + 1)),
        "pull limit 0": api.pull(token, limit=0),
        "pull limit too big": api.pull(token, limit=10**6),
        "pull without client id": api.post("/api/v1/sync/pull", token, json={}),
        "hello without time": api.post(
            "/api/v1/sync/hello",
            token,
            json={"protocol_version": 1, "client_id": client, "next_seq": 1},
        ),
        "login not JSON": api.http.post(
            "/api/v1/auth/login",
            content=b"username=skolotajs1&password=demo",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        "login password too long": api.login("skolotajs1", "x" * 1000),
        "login extra field": api.http.post(
            "/api/v1/auth/login",
            json={"username": "skolotajs1", "password": "demo", "role": "deputy"},
        ),
        "resolve: bad choice": api.post(
            f"/api/v1/sync/conflicts/{uuid.uuid4()}/resolve", token, json={"choice": "both"}
        ),
        "resolve: not an id": api.post(
            "/api/v1/sync/conflicts/abc/resolve", token, json={"choice": "mine"}
        ),
        "resolve: no such conflict": api.post(
            f"/api/v1/sync/conflicts/{uuid.uuid4()}/resolve", token, json={"choice": "mine"}
        ),
    }
    wrong = {
        name: (response.status_code, response.text[:200])
        for name, response in answers.items()
        if not 400 <= response.status_code < 500
    }
    assert wrong == {}
    # An unknown mutation name: the whole push refused (422), or that mutation rejected
    # with a reason (a newer laptop's queue moves on).
    unknown = push_json({"client_id": client, "mutations": [{**good, "name": "mark.delete_all"}]})
    assert unknown.status_code in (200, 422), unknown.text
    if unknown.status_code == 200:
        [result] = unknown.json()["results"]
        assert_rejected(result, "unknown mutation")
    assert answers["a body over 4 MiB"].status_code == 413
    assert answers[f"{MAX_BATCH + 1} mutations"].status_code == 422
    assert answers["resolve: no such conflict"].status_code == 404

    # Extra fields inside a mutation's arguments: rejected with a reason (and a receipt).
    args = {**good["args"], "entered_by_id": str(uuid.uuid4())}
    [result] = api.results(token, [{**good, "args": args}])
    assert_rejected(result, "extra argument", "Nederīgi")
    [result] = api.results(token, [{**good, "args": {"mark_id": "nav-id"}}])
    assert_rejected(result, "missing arguments", "Nederīgi")
    [result] = api.results(token, [{**good, "version": 2}])
    assert_rejected(result, "mutation version 2")
    assert snapshot(server.database_url) == before


def test_a_body_over_4_mib_is_refused_without_content_length(
    server: ServerProcess, api: Api
) -> None:
    """The limit (protocol.MAX_BODY_BYTES) holds for a chunked body too, which carries no
    Content-Length header."""
    token = api.token("skolotajs1")
    body = json.dumps({"client_id": str(uuid.uuid4()), "cursor": "x" * MAX_BODY_BYTES}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    response = api.http.post(
        "/api/v1/sync/pull",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert "content-length" not in {key.lower() for key in response.request.headers}
    assert response.status_code == 413, (response.status_code, response.text[:200])


def test_out_of_range_arguments_are_refused_not_a_500(
    server: ServerProcess, api: Api, school: School, server_log: ServerLog
) -> None:
    """Arguments that pass the wire types but not the database or the domain: the answer is
    a 4xx or a ``rejected`` result, never a 500 (which blocks a laptop's whole queue)."""
    before = snapshot(server.database_url)
    token = api.token("skolotajs1")
    lesson, student = school.plain[-1], school.students[0]
    with database(server.database_url) as session:
        own = session.get(Lesson, lesson)
        assert own is not None
        day, number = own.date.isoformat(), own.number

    def lesson_update(field: str, value: Any, base: Any) -> dict[str, Any]:
        return {
            "seq": 1,
            "name": "lesson.update",
            "args": {"lesson_id": str(lesson), "changes": {field: value}, "base": {field: base}},
        }

    pushes: dict[str, dict[str, Any]] = {
        "lesson.update date 'vakar'": lesson_update("date", "vakar", day),
        "lesson.update number 'pirmā'": lesson_update("number", "pirmā", number),
        "lesson.update number 10**30": lesson_update("number", 10**30, number),
        "lesson.update number 99 (lesson.create allows 0–20)": lesson_update("number", 99, number),
        "lesson.update made_up_date 'x'": lesson_update("made_up_date", "x", None),
        "lesson.create number 10**30": {
            "seq": 1,
            "name": "lesson.create",
            "args": {
                "lesson_id": str(uuid.uuid4()),
                "course_id": str(school.latvian),
                "date": day,
                "number": 10**30,
            },
        },
        "mark.set with seq 10**20": {**mark_set(1, lesson, student, "8"), "seq": 10**20},
        # the wire types themselves (issue 16): sizes, shapes and dates no school means
        "lesson.update topic of 100,000 characters": lesson_update("topic", "ā" * 100_000, ""),
        "lesson.update homework of 3,000,000": lesson_update("homework", "x" * 3_000_000, ""),
        "lesson.update topic [1]": lesson_update("topic", [1], ""),
        "lesson.update topic {}": lesson_update("topic", {}, ""),
        "lesson.update topic null": lesson_update("topic", None, ""),
        "lesson.update topic NaN": lesson_update("topic", float("nan"), ""),
        "lesson.update remote null": lesson_update("remote", None, False),
        "lesson.update lesson_type bogus": lesson_update("lesson_type", "bogus", "ordinary"),
        "lesson.update date 0001-01-01": lesson_update("date", "0001-01-01", day),
        "lesson.update date 9999-12-31": lesson_update("date", "9999-12-31", day),
        "lesson.create date 0001-01-01": {
            "seq": 1,
            "name": "lesson.create",
            "args": {
                "lesson_id": str(uuid.uuid4()),
                "course_id": str(school.latvian),
                "date": "0001-01-01",
            },
        },
        "period_mark.set M9999-12": {
            "seq": 1,
            "name": "period_mark.set",
            "args": {
                "period_mark_id": str(uuid.uuid4()),
                "course_id": str(school.latvian),
                "student_id": str(student),
                "period": "M9999-12",
                "value": "7",
            },
        },
    }
    failures: dict[str, str] = {}
    for name, mutation in pushes.items():
        response = api.post(
            "/api/v1/sync/push",
            token,
            # NaN is not JSON, but a client may send it: Python writes it
            content=json.dumps({"client_id": str(uuid.uuid4()), "mutations": [mutation]}),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code == 200:
            [result] = response.json()["results"]
            if result["status"] != "rejected" or not result["reason"]:
                failures[name] = f"200 {result['status']}"
        elif not 400 <= response.status_code < 500:
            failures[name] = f"{response.status_code} {response.text[:80]}"
    fingerprint = api.pull(token, limit=1).json()["cursor"].partition(".")[2]
    response = api.pull(token, cursor="9" * 25 + "." + fingerprint, limit=1)
    if response.status_code >= 500:
        failures["pull cursor 9…9 (25 digits)"] = f"{response.status_code} {response.text[:80]}"
    report = [f"{name}: {answer}" for name, answer in failures.items()]
    assert not failures, "\n".join([*report, "server errors:", *server_log.errors()])
    assert snapshot(server.database_url) == before


def test_impossible_times_and_text_are_a_422_not_a_500(api: Api, server_log: ServerLog) -> None:
    token = api.token("skolotajs1")

    def raw(path: str, body: str, with_token: bool = True) -> int:
        headers = {"Content-Type": "application/json"}
        answer = api.post(path, token if with_token else None, content=body, headers=headers)
        return answer.status_code

    client = str(uuid.uuid4())
    for moment in (
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00",
    ):
        body = json.dumps(
            {"protocol_version": 1, "client_id": client, "next_seq": 1, "client_time": moment}
        )
        assert raw("/api/v1/sync/hello", body) == 422, moment
    nan = '{"protocol_version": 1, "client_id": "%s", "next_seq": NaN, "client_time": "x"}'
    assert raw("/api/v1/sync/hello", nan % client) == 422
    surrogate = '{"username": "\\ud800", "password": "x"}'
    assert raw("/api/v1/auth/login", surrogate, with_token=False) == 422
    assert raw("/api/v1/auth/login", surrogate) == 422
    assert not server_log.errors()


def test_a_bad_mutation_never_blocks_the_good_ones_in_its_batch(
    api: Api, school: School, server_log: ServerLog
) -> None:
    token = api.token("skolotajs1")
    lesson, students = school.plain[-1], school.students
    bad = {
        "seq": 2,
        "name": "lesson.update",
        "args": {"lesson_id": str(lesson), "changes": {"topic": {}}, "base": {"topic": ""}},
    }
    results = api.results(
        token, [mark_set(1, lesson, students[0], "8"), bad, mark_set(3, lesson, students[1], "9")]
    )
    statuses = [r["status"] for r in results]
    assert statuses[1] == "rejected" and "topic" in results[1]["reason"], results
    assert "rejected" not in (statuses[0], statuses[2]), results  # taken, whatever the merge
    assert not server_log.errors()


def test_a_defect_in_one_mutation_is_logged_and_the_batch_goes_on(
    server: ServerProcess, api: Api, school: School
) -> None:
    server.restart(EKLASE_FAIL_AT="server.apply.lesson.update")
    token = api.token("skolotajs1")
    lesson, students = school.plain[-1], school.students
    edit = {
        "seq": 2,
        "name": "lesson.update",
        "args": {"lesson_id": str(lesson), "changes": {"topic": "Dzeja"}, "base": {"topic": ""}},
    }
    marks = [mark_set(1, lesson, students[2], "8"), edit, mark_set(3, lesson, students[3], "9")]
    results = api.results(token, marks)
    assert [r["status"] for r in results][1] == "rejected", results
    assert results[1]["reason"] == "Servera kļūda: šo izmaiņu nevarēja piemērot."
    assert "rejected" not in (results[0]["status"], results[2]["status"]), results
    assert "failpoint server.apply.lesson.update" in server.log()


# --- what the laptop shows -------------------------------------------------------------


def test_a_repeated_push_answers_with_the_versions_the_first_one_gave(
    server: ServerProcess, api: Api, school: School
) -> None:
    """The receipt keeps the real version, not the provisional one the push computed with."""
    token = api.token("skolotajs1")
    client = uuid.uuid4()
    change = mark_set(1, school.plain[-1], school.students[0], "8")
    first = api.push(token, [change], client)
    [result] = first.json()["results"]
    assert result["status"] == "applied" and result["version"] > 0
    assert result["row"]["version"] == result["version"]

    again = api.push(token, [change], client)  # the laptop did not hear the answer
    assert again.json()["results"] == [result]


def test_a_resolution_is_checked_like_an_edit(
    server: ServerProcess, api: Api, school: School, server_log: ServerLog
) -> None:
    """An edit that met a deleted lesson waits as a conflict; choosing *mine* would bring
    the lesson back as a make-up lesson without the day it makes up: refused, nothing
    changed (issue 16: such resolutions were stored, and the app crashed on them)."""
    token = api.token("skolotajs1")
    lesson = school.plain[-1]
    deleted = {"seq": 1, "name": "lesson.delete", "args": {"lesson_id": str(lesson)}}
    assert api.results(token, [deleted])[0]["status"] == "applied"
    edit = {
        "seq": 2,
        "name": "lesson.update",
        "args": {
            "lesson_id": str(lesson),
            "changes": {"lesson_type": "makeup"},
            "base": {"lesson_type": "ordinary"},
        },
    }
    [met] = api.results(token, [edit])
    assert met["status"] == "conflict", met
    [conflict] = met["conflict_ids"]
    before = snapshot(server.database_url)
    answer = api.post(f"/api/v1/sync/conflicts/{conflict}/resolve", token, json={"choice": "mine"})
    assert 400 <= answer.status_code < 500, answer.text
    assert LATVIAN_LETTERS & set(answer.json()["detail"])
    assert snapshot(server.database_url) == before
    with database(server.database_url) as session:
        row = session.get(Lesson, lesson)
        assert row is not None and row.deleted and row.lesson_type == "ordinary"
    assert not server_log.errors()

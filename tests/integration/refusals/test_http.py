"""What the server refuses, and that a refusal changes nothing (SPEC A4, S5; DOMAIN: roles,
attendance, marks; docs/sync-protocol.md).

Every refusal here is a 4xx answer or a ``rejected`` result with a reason; the server's
database is compared before and after, and no answer may be a 500.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from eklase_desktop.models import (
    Lesson,
    Mark,
    cell_id,
)
from eklase_desktop.sync.client import AuthError
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

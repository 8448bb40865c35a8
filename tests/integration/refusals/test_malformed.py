"""Malformed requests against a real server (issue 16): bodies, times, text and argument values
no school could mean are a 4xx or a ``rejected`` result — never a 500, which would block a
laptop's whole queue — and one bad mutation never blocks the good ones in its batch."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx

from eklase_desktop.models import (
    Lesson,
)
from eklase_desktop.sync.protocol import MAX_BATCH, MAX_BODY_BYTES
from tests.integration.refusals.support import (
    Api,
    School,
    ServerLog,
    assert_rejected,
    database,
    mark_set,
    snapshot,
)
from tests.integration.servers import ServerProcess


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
    nul = '{"username": "vietnieks\\u0000", "password": "x"}'  # PostgreSQL text holds none
    assert raw("/api/v1/auth/login", nul, with_token=False) == 422
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

"""Accounts against a real server on SQLite and PostgreSQL (SPEC A2–A6): the deputy grants a
teacher's card an account, the password arriving by SMS at a gateway this test runs on
127.0.0.1; the teacher signs in with it and changes it; a lost one is re-issued on a slip;
refusals change nothing; when the card's employment ends the teacher's laptop loses the
profile at its next online sign-in, and refuses offline sign-in after the last day."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from eklase_desktop.domain import clock
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import StaffDetails
from eklase_desktop.models import Staff
from eklase_desktop.paths import profile_path
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.people import People
from eklase_desktop.sync.account import ProfileLocked, SignInError, change_password, sign_in
from eklase_desktop.sync.client import ServerError, SyncClient
from eklase_desktop.sync.protocol import Delivery
from eklase_server.models import AuditEntry
from tests.integration.laptops import database
from tests.integration.servers import ServerProcess, free_port
from tests.integration.test_first_day import Laptop, server_command

pytestmark = pytest.mark.today("2026-08-24")


class Gateway:
    """An SMS gateway as docs/accounts.md describes it: it keeps what it was sent."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.messages.append(
                    {"auth": self.headers.get("Authorization"), **json.loads(body)}
                )
                self.send_response(gateway.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/sms"


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    running = Gateway()
    yield running
    running.server.shutdown()


def test_an_account_from_the_card_to_its_end(
    empty_database_url: str, tmp_path: Path, gateway: Gateway
) -> None:
    url = empty_database_url
    assert server_command(url, "init-db", "--school", "Ozolkalna vidusskola").returncode == 0
    for login, roles in (("vietniece", "deputy,teacher"), ("lietvede", "clerk")):
        made = server_command(
            url, "create-user", login, "--first", login.capitalize(), "--last", "Ozola",
            "--roles", roles, "--password-stdin", stdin="sākums-2026\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stdout
    for weak in ("abc", "lietvede-2026"):  # too short; the user name in it
        refused = server_command(
            url, "set-password", "lietvede", "--password-stdin", stdin=weak + "\n"
        )
        assert refused.returncode == 1 and "a password" in refused.stderr, refused.stderr
    wrong = server_command(url, "settings", "--sms-url", gateway.url, "--sms-token", "žetons")
    assert wrong.returncode == 2 and "nothing changed" in wrong.stdout
    configured = server_command(
        url, "settings", "--sms-url", gateway.url, "--sms-token", "slepens-zetons"
    )
    assert configured.returncode == 0 and "sms-token: ***" in configured.stdout
    server = ServerProcess(url).start()
    try:
        deputy = Laptop(tmp_path / "deputy.sqlite", server, "vietniece", "sākums-2026")
        people = People(deputy.factory, load_actor(deputy.factory, "vietniece"))
        teacher = people.save_staff(
            None, StaffDetails("Ērika", "Šmite", frozenset({Role.TEACHER}), phone="20000045")
        )
        landline = people.save_staff(
            None, StaffDetails("Jānis", "Kalns", frozenset({Role.TEACHER}), phone="67000000")
        )
        another = people.save_staff(
            None, StaffDetails("Līga", "Ozola", frozenset({Role.TEACHER}), phone="26000001")
        )
        deputy.engine.sync()
        client = deputy.client

        # granted: the password goes by SMS, never back to the office
        issued = client.grant_account(teacher, Delivery.SMS)
        assert (issued.username, issued.sent_to, issued.password) == (
            "erika.smite",
            "+371 2*****45",
            None,
        )
        [sms] = gateway.messages
        assert sms["to"] == "+37120000045" and sms["auth"] == "Bearer slepens-zetons"
        password = re.search(r"parole (\S+)\.", sms["text"]).group(1)  # type: ignore[union-attr]
        assert "erika.smite" in sms["text"] and len(password) == 12

        # refusals change nothing
        def refused(call: Any, *args: Any) -> str:
            with pytest.raises(ServerError) as caught:
                call(*args)
            assert caught.value.status == 403
            return caught.value.message

        assert "jau ir konts" in refused(client.grant_account, teacher, Delivery.SMS)
        assert "nav mobilais" in refused(client.grant_account, landline, Delivery.SMS)
        gateway.status = 500  # the gateway fails: no account was made
        assert "kļūdu 500" in refused(client.grant_account, another, Delivery.SMS)
        assert another not in {info.staff_id for info in client.accounts().accounts}
        gateway.status = 200
        clerk = SyncClient(server.url)
        clerk.login("lietvede", "sākums-2026")
        vice = next(info for info in clerk.accounts().accounts if info.username == "vietniece")
        assert "tikai direktora vietnieks" in refused(
            clerk.new_password, vice.staff_id, Delivery.SLIP
        )
        assert len(gateway.messages) == 2

        # the teacher signs in with it, and changes it (A6)
        data = tmp_path / "teacher-laptop"
        signed = sign_in(data, server.url, "erika.smite", password)
        assert signed.online
        signed.engine.sync()
        profile = profile_path(data, "erika.smite")
        for name in (profile.name, f"{profile.name}-wal", f"{profile.name}-shm"):
            mode = profile.with_name(name).stat().st_mode
            assert mode & 0o077 == 0, (name, oct(mode))  # the user's only
        with pytest.raises(SignInError, match="Līdzšinējā parole nav pareiza"):
            change_password(signed, "nepareiza-parole", "Mana jaunā parole 7")
        change_password(signed, password, "Mana jaunā parole 7")
        with pytest.raises(SignInError, match="Nepareizs"):
            sign_in(data, server.url, "erika.smite", password)
        signed = sign_in(data, server.url, "erika.smite", "Mana jaunā parole 7")
        offline = sign_in(
            data, f"http://127.0.0.1:{free_port()}", "erika.smite", "Mana jaunā parole 7"
        )
        assert not offline.online  # the laptop knows the new password too
        with pytest.raises(SignInError, match="Nepareizs"):  # and its cache was re-keyed
            sign_in(data, f"http://127.0.0.1:{free_port()}", "erika.smite", password)

        # lost: the clerk issues a new one on a slip; the old one and its sign-ins stop
        slip = clerk.new_password(teacher, Delivery.SLIP)
        assert slip.password and slip.sent_to is None
        with pytest.raises(SignInError, match="Nepareizs"):
            sign_in(data, server.url, "erika.smite", "Mana jaunā parole 7")
        with pytest.raises(ProfileLocked):  # this laptop's profile: the previous password
            sign_in(data, server.url, "erika.smite", slip.password)
        signed = sign_in(data, server.url, "erika.smite", slip.password, "Mana jaunā parole 7")
        signed.engine.sync()
        with database(url) as session:
            actions = set(session.scalars(select(AuditEntry.action)))
            assert {"account.grant", "account.password", "account.own_password"} <= actions
            assert (
                session.scalar(select(AuditEntry.new).where(AuditEntry.action == "account.grant"))
                == "sms"
            )

        # the employment ends on the 31st; on the laptop she still signs in offline that day
        card = next(view for view in people.staff_cards() if view.id == teacher)
        last_day = dt.date(2026, 8, 31)
        people.save_staff(teacher, _until(card.details, last_day))
        deputy.engine.sync()
        signed.engine.sync()
        nowhere = f"http://127.0.0.1:{free_port()}"
        clock.set_clock(clock.parse_moment("2026-08-31"))
        assert not sign_in(data, nowhere, "erika.smite", slip.password).online
        clock.set_clock(clock.parse_moment("2026-09-01"))
        with pytest.raises(SignInError, match="darba attiecības ir beigušās"):
            sign_in(data, nowhere, "erika.smite", slip.password)  # offline, the day after
        server.kill()
        server = ServerProcess(url, port=server.port).start(EKLASE_TODAY="2026-09-01")
        assert profile_path(data, "erika.smite").exists()
        with pytest.raises(SignInError, match=r"Konts ir slēgts.*profils šajā datorā ir izdzēsts"):
            sign_in(data, server.url, "erika.smite", slip.password)
        assert not profile_path(data, "erika.smite").exists()
        with pytest.raises(SignInError, match="nav jūsu profila"):
            sign_in(data, nowhere, "erika.smite", slip.password)
        listed = {info.staff_id: info for info in clerk_again(server).accounts().accounts}
        assert not listed[teacher].active
    finally:
        server.kill()


def clerk_again(server: ServerProcess) -> SyncClient:
    client = SyncClient(server.url)
    client.login("lietvede", "sākums-2026")
    return client


def _until(details: StaffDetails, day: dt.date) -> StaffDetails:
    from dataclasses import replace

    return replace(details, employed_until=day)


def test_the_personal_code_form_of_login_names(empty_database_url: str, tmp_path: Path) -> None:
    url = empty_database_url
    assert server_command(url, "init-db", "--school", "Ozolkalna vidusskola").returncode == 0
    made = server_command(
        url, "create-user", "vietniece", "--first", "Vita", "--last", "Ozola",
        "--roles", "deputy", "--password-stdin", stdin="sākums-2026\n",
    )  # fmt: skip
    assert made.returncode == 0
    assert (
        "login-rule: personal-code"
        in server_command(url, "settings", "--login-rule", "personal-code").stdout
    )
    server = ServerProcess(url).start()
    try:
        deputy = Laptop(tmp_path / "deputy.sqlite", server, "vietniece", "sākums-2026")
        people = People(deputy.factory, load_actor(deputy.factory, "vietniece"))
        without = people.save_staff(None, StaffDetails("Anna", "Liepa", frozenset({Role.TEACHER})))
        card = StaffDetails("Ilze", "Kalniņa", frozenset({Role.TEACHER}), "010180-10000")
        with_code = people.save_staff(None, card)
        deputy.engine.sync()
        with pytest.raises(ServerError, match="kartītē tā nav"):
            deputy.client.grant_account(without, Delivery.SLIP)
        issued = deputy.client.grant_account(with_code, Delivery.SLIP)
        assert issued.username == "01018010000" and issued.password
        deputy.engine.sync()  # the card's login name reaches the laptops
        with deputy.factory() as session:
            row = session.get(Staff, with_code)
            assert row is not None and row.username == "01018010000"
        teacher = sign_in(tmp_path / "laptop", server.url, "01018010000", issued.password)
        assert teacher.online and uuid.UUID(str(with_code))
    finally:
        server.kill()

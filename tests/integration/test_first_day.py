"""A new school from an empty server, without the demo (SPEC C1, A2): ``init-db --school``
and ``create-user`` make the school and its first administrator, who signs in on a laptop and
sets up the year, a class and a subject there; a teacher made next signs in and sees them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from eklase_desktop.domain.school import ClassDetails, SubjectDetails
from eklase_desktop.models import ClassGroup, School, SchoolYear, Subject
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.school import SchoolSetUp
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine
from tests.integration.laptops import database
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-08-24")  # the week before the school year


def server_command(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "eklase_server", "--database-url", url, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


class Laptop:
    """A new profile on a laptop: signed in with the password, synced once."""

    def __init__(self, path: Path, server: ServerProcess, username: str, password: str) -> None:
        self.factory = open_cache(path)
        self.client = SyncClient(server.url)
        self.client.login(username, password)
        self.engine = SyncEngine(self.factory, self.client)
        self.engine.sync()


def test_from_an_empty_server_to_a_set_up_school(empty_database_url: str, tmp_path: Path) -> None:
    url = empty_database_url
    made = server_command(url, "init-db", "--school", "Rīgas 99. vidusskola")
    assert made.returncode == 0 and "school created: Rīgas 99. vidusskola" in made.stdout
    assert (
        "already there" in server_command(url, "init-db", "--school", "Rīgas 99. vidusskola").stdout
    )
    refused = server_command(
        url, "create-user", "x", "--first", "A", "--last", "B", "--roles", "boss"
    )
    assert refused.returncode == 2 and "unknown roles: boss" in refused.stdout
    admin = server_command(
        url, "create-user", "lietvede", "--first", "Sandra", "--last", "Kalniņa",
        "--roles", "clerk,deputy", "--password", "pirmā-diena-2026",
    )  # fmt: skip
    assert admin.returncode == 0, admin.stdout
    server = ServerProcess(url).start()
    try:
        laptop = Laptop(tmp_path / "clerk.sqlite", server, "lietvede", "pirmā-diena-2026")
        setup = SchoolSetUp(laptop.factory, load_actor(laptop.factory, "lietvede"))
        assert setup.years() == []
        year = setup.save_year(None, setup.suggested_year())
        me = next(key for key, name in setup.staff() if name == "Kalniņa Sandra")
        setup.save_class(year, None, ClassDetails("1.a", 1, programme="Pamatizglītība"), me)
        setup.save_subject(None, SubjectDetails("Matemātika"))
        assert laptop.engine.sync().pushed["applied"] == 3
        with database(url) as session:
            assert session.scalars(select(School.name)).one() == "Rīgas 99. vidusskola"
            assert session.scalars(select(SchoolYear.name)).one() == "2026./2027."
            assert session.scalars(select(ClassGroup.name)).one() == "1.a"
            assert session.scalars(select(Subject.name)).one() == "Matemātika"
        teacher = server_command(
            url, "create-user", "skolotaja", "--first", "Anna", "--last", "Liepa",
            "--password", "otrā-diena-2026",
        )  # fmt: skip
        assert teacher.returncode == 0, teacher.stdout
        other = Laptop(tmp_path / "teacher.sqlite", server, "skolotaja", "otrā-diena-2026")
        with other.factory() as session:
            assert session.scalars(select(ClassGroup.name)).all() == ["1.a"]
            assert session.scalars(select(SchoolYear.name)).all() == ["2026./2027."]
    finally:
        server.kill()

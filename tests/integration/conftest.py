"""Integration fixtures: the demo school on a real ``eklase-server`` process, on SQLite and
on PostgreSQL (a throwaway cluster this test run starts and stops)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.laptops import LaptopFactory
from tests.integration.refusals.support import Api, School, load_school
from tests.integration.servers import PostgresCluster, ServerProcess

_numbers = itertools.count()


def _seed(url: str) -> None:
    subprocess.run([sys.executable, "-m", "eklase_server", "--database-url", url, "seed-demo"],
                   check=True, capture_output=True)  # fmt: skip


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()  # fails, never skips, where PostgreSQL is missing
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    _seed(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresCluster) -> str:
    postgres.sql("CREATE DATABASE demo_template")
    _seed(postgres.database_url("demo_template"))
    return "demo_template"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh copy of the seeded demo school for one test."""
    if request.param == "sqlite":
        target = tmp_path / "server.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    template: str = request.getfixturevalue("postgres_template")
    name = f"test_{next(_numbers)}"
    cluster.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    return cluster.database_url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with nothing in it yet: a new school's server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'new-server.sqlite'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    name = f"empty_{next(_numbers)}"
    cluster.sql(f"CREATE DATABASE {name}")
    return cluster.database_url(name)


@pytest.fixture
def server(database_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(database_url).start()
    yield process
    process.kill()


@pytest.fixture
def laptops(tmp_path: Path, server: ServerProcess) -> Iterator[LaptopFactory]:
    factory = LaptopFactory(tmp_path, server)
    yield factory
    factory.close()


@pytest.fixture
def api(server: ServerProcess) -> Iterator[Api]:
    client = Api(server)
    yield client
    client.close()


@pytest.fixture
def school(server: ServerProcess) -> School:
    return load_school(server.database_url)

"""Databases are private to their owner (issue 16, M 25): the server's and a laptop profile's
file, its -wal and -shm files 0600, in a 0700 folder; a shared folder is left alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from eklase_desktop.models.cache import open_cache
from eklase_desktop.paths import private_database
from eklase_server.db import create_server_engine, init_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_servers_database_and_its_wal_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    folder.mkdir(mode=0o755)
    database = folder / "eklase-server.sqlite"
    engine = create_server_engine(f"sqlite:///{database}")
    init_database(engine)
    with engine.connect() as connection:  # WAL and SHM exist while a connection is open
        connection.execute(text("SELECT 1"))
        files = [database, database.with_name(database.name + "-wal")]
        files.append(database.with_name(database.name + "-shm"))
        assert all(path.exists() for path in files)
        assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    engine.dispose()
    assert mode(folder) == 0o700


def test_a_laptop_profile_and_its_wal_are_private(tmp_path: Path) -> None:
    profile = tmp_path / "profiles" / "skolotajs1.sqlite"
    factory = open_cache(profile)
    with factory.begin() as session:
        session.execute(text("SELECT 1"))
        wal = profile.with_name(profile.name + "-wal")
        assert wal.exists() and mode(wal) == 0o600
    assert mode(profile) == 0o600 and mode(profile.parent) == 0o700


def test_a_shared_folder_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    private_database(shared / "a.sqlite")
    assert mode(shared) == 0o1777 and mode(shared / "a.sqlite") == 0o600

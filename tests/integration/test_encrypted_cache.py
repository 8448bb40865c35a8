"""A profile's cache is encrypted with a key derived from its user's password (SPEC D2, A4;
issue 16): read raw or opened by someone else on the same computer account it yields nothing;
a password changed elsewhere keeps the entries not yet sent; a profile from before encryption
is encrypted at its user's next sign-in, and only then."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from eklase_desktop.models import LocalAccount, Student
from eklase_desktop.models.cache import CacheLocked, is_encrypted, open_cache
from eklase_desktop.paths import profile_path
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.sync.account import (
    ProfileLocked,
    SignedIn,
    SignInError,
    erase_profile,
    sign_in,
)
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine
from tests.integration.laptops import Laptop, class_7a, server_session
from tests.integration.servers import ServerProcess
from tests.integration.test_first_day import server_command

UNREACHABLE = "http://127.0.0.1:9"


def _raw(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _close(signed: SignedIn) -> None:
    signed.client.close()
    signed.factory.kw["bind"].dispose()


def _set_password(server: ServerProcess, username: str, password: str) -> None:
    done = server_command(
        server.database_url, "set-password", username, "--password-stdin", stdin=password + "\n"
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_profile_is_unreadable_without_its_password(
    server: ServerProcess, tmp_path: Path
) -> None:
    signed = sign_in(tmp_path, server.url, "skolotajs1", "demo")
    signed.engine.sync()
    with signed.factory() as session:
        names = set(session.scalars(select(Student.last_name)))
    assert len(names) > 20  # the journal is there, in the cache
    _close(signed)
    path = profile_path(tmp_path, "skolotajs1")
    raw = _raw(path)
    assert is_encrypted(path) and not raw.startswith(b"SQLite format 3")
    readable = sorted(name for name in names if name.encode() in raw)
    assert readable == []
    for text in (b"skolotajs1", b"CREATE TABLE", b"lesson"):
        assert text not in raw
    # another person on the same computer account, even with the file made readable to all
    path.chmod(0o644)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()
    with pytest.raises(CacheLocked):
        open_cache(path, "skolotajs2-parole")
    with pytest.raises(SignInError, match="Nepareizs"):
        sign_in(tmp_path, UNREACHABLE, "skolotajs1", "nav-tā")
    offline = sign_in(tmp_path, UNREACHABLE, "skolotajs1", "demo")
    assert offline.has_journal_data()
    _close(offline)


def test_a_password_changed_elsewhere_keeps_the_unsent_entries(
    server: ServerProcess, tmp_path: Path
) -> None:
    with server_session(server.database_url) as session:
        school = class_7a(session)
    course, lesson = school["latvian"], school["latvian_lessons"][-1]
    student = school["students"][0]
    signed = sign_in(tmp_path, server.url, "skolotajs1", "demo")
    signed.engine.sync()
    editor = JournalEditor(signed.factory, load_actor(signed.factory, "skolotajs1"))
    editor.write_cells(course, [CellEdit(student, lesson, "n")])  # not sent yet
    _close(signed)

    _set_password(server, "skolotajs1", "Jaunā parole 2026")  # reset at the school's office
    with pytest.raises(ProfileLocked, match="iepriekšējo paroli") as locked:
        sign_in(tmp_path, server.url, "skolotajs1", "Jaunā parole 2026")
    assert locked.value.path == profile_path(tmp_path, "skolotajs1")
    with pytest.raises(ProfileLocked, match="Iepriekšējā parole nav pareiza"):
        sign_in(tmp_path, server.url, "skolotajs1", "Jaunā parole 2026", "nav-tā")
    signed = sign_in(tmp_path, server.url, "skolotajs1", "Jaunā parole 2026", "demo")
    report = signed.engine.sync()
    assert report.pushed["applied"] == 1 and report.rejected == 0
    _close(signed)
    # the profile now opens with the new password only, offline too
    with pytest.raises(SignInError, match="Nepareizs"):
        sign_in(tmp_path, UNREACHABLE, "skolotajs1", "demo")
    _close(sign_in(tmp_path, UNREACHABLE, "skolotajs1", "Jaunā parole 2026"))

    # reset again and the previous password forgotten: the user lets the old profile go
    _set_password(server, "skolotajs1", "Trešā parole 2026")
    with pytest.raises(ProfileLocked) as locked:
        sign_in(tmp_path, server.url, "skolotajs1", "Trešā parole 2026")
    erase_profile(locked.value.path)
    fresh = sign_in(tmp_path, server.url, "skolotajs1", "Trešā parole 2026")
    assert not fresh.has_journal_data()
    fresh.engine.sync()
    assert fresh.has_journal_data()
    _close(fresh)


def test_a_profile_from_before_encryption_is_encrypted_at_its_next_sign_in(
    server: ServerProcess, tmp_path: Path
) -> None:
    path = profile_path(tmp_path, "skolotajs1")
    old = Laptop(path, server.url, "skolotajs1")  # a plain cache, as earlier versions kept
    old.sync()
    with old.factory.begin() as session:
        hashed = PasswordHasher().hash("demo")
        session.add(LocalAccount(username="skolotajs1", password_hash=hashed, server_url=""))
    old.close()
    before = path.read_bytes()
    assert before.startswith(b"SQLite format 3")

    with pytest.raises(SignInError, match="Nepareizs"):
        sign_in(tmp_path, UNREACHABLE, "skolotajs1", "nav-tā")
    assert path.read_bytes() == before  # a wrong password changes nothing
    offline = sign_in(tmp_path, UNREACHABLE, "skolotajs1", "demo")
    assert is_encrypted(path) and offline.has_journal_data()
    assert not path.with_name(path.name + ".encrypting").exists()
    _close(offline)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchall()
    # and it keeps syncing, online, with the same data
    again = sign_in(tmp_path, server.url, "skolotajs1", "demo")
    assert again.engine.sync().rejected == 0
    _close(again)


def test_the_encrypted_cache_serves_a_new_laptop_like_a_plain_one(
    server: ServerProcess, tmp_path: Path
) -> None:
    """The same first sync into an encrypted and a plain cache brings the same rows."""
    encrypted = open_cache(tmp_path / "a.sqlite", "parole")
    plain = open_cache(tmp_path / "b.sqlite")
    counts = []
    for factory in (encrypted, plain):
        client = SyncClient(server.url)
        client.login("skolotajs2", "demo")
        SyncEngine(factory, client).sync()
        with factory() as session:
            counts.append(len(session.scalars(select(Student.id)).all()))
        client.close()
        factory.kw["bind"].dispose()
    assert counts[0] == counts[1] > 0

"""Signing in on a laptop: online, then offline against the profile's own hash (SPEC B2, A4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eklase_desktop.sync.account import SignInError, sign_in
from tests.integration.servers import ServerProcess

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


def test_online_then_offline_sign_in(server: ServerProcess, tmp_path: Path) -> None:
    online = sign_in(tmp_path, server.url, "skolotajs1", "demo")
    assert online.online and not online.has_journal_data()
    online.engine.sync()
    assert online.has_journal_data()
    offline = sign_in(tmp_path, UNREACHABLE, "skolotajs1", "demo")
    assert not offline.online and offline.has_journal_data()
    with pytest.raises(SignInError, match="Nepareizs"):
        sign_in(tmp_path, UNREACHABLE, "skolotajs1", "nav-tā")


def test_offline_sign_in_needs_a_profile_here(tmp_path: Path) -> None:
    with pytest.raises(SignInError, match="vēl nav jūsu profila"):
        sign_in(tmp_path, UNREACHABLE, "skolotajs2", "demo")


def test_another_user_cannot_open_a_profile_offline(server: ServerProcess, tmp_path: Path) -> None:
    sign_in(tmp_path, server.url, "skolotajs1", "demo").engine.sync()
    with pytest.raises(SignInError):
        sign_in(tmp_path, UNREACHABLE, "skolotajs2", "demo")  # no profile of theirs here
    profile = tmp_path / "profiles" / "skolotajs1.sqlite"
    assert profile.stat().st_mode & 0o077 == 0


def test_wrong_password_and_revoked_account_are_refused_online(
    server: ServerProcess, tmp_path: Path
) -> None:
    with pytest.raises(SignInError, match="Nepareizs"):
        sign_in(tmp_path, server.url, "skolotajs1", "nav-tā")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "eklase_server",
            "--database-url",
            server.database_url,
            "revoke-user",
            "skolotajs2",
        ],
        check=True,
        capture_output=True,
    )
    with pytest.raises(SignInError):
        sign_in(tmp_path, server.url, "skolotajs2", "demo")

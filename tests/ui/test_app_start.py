"""The command line as a newcomer uses it: ``eklase-desktop --demo --screenshot FILE.png``."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage

from eklase_desktop.paths import existing_profiles


def run_app(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "eklase_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_demo_screenshot_shows_a_filled_journal(tmp_path: Path) -> None:
    picture = tmp_path / "journal.png"
    result = run_app("--demo", "--screenshot", str(picture), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert "#ffcdd2" in colours  # an unjustified absence is shaded: the journal is filled
    demo = tmp_path / "data" / "demo"
    assert existing_profiles(demo) == ["skolotajs1"]  # signed in to the real demo server
    if os.name == "posix":
        cache = demo / "profiles" / "skolotajs1.sqlite"
        assert cache.stat().st_mode & 0o077 == 0  # other users of the laptop cannot read it
    port = (demo / "demo-server.port").read_text()
    with pytest.raises(httpx.HTTPError):  # the app stopped the server it started
        httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)


def test_unknown_user_is_refused_clearly(tmp_path: Path) -> None:
    picture = tmp_path / "x.png"
    result = run_app("--demo", "--user", "neviens", "--screenshot", str(picture), data_dir=tmp_path)
    assert result.returncode == 2
    assert "Nepareizs lietotājvārds vai parole" in result.stderr and not picture.exists()


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
def test_sigterm_stops_the_app_and_the_demo_server_it_started(tmp_path: Path) -> None:
    import time

    data = tmp_path / "data"
    with _demo_app(data) as app:
        port_file = data / "demo" / "demo-server.port"
        profile = data / "demo" / "profiles" / "skolotajs1.sqlite"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (port_file.exists() and profile.exists()):
            time.sleep(0.2)
        assert port_file.exists() and profile.exists(), "the app did not start"
        time.sleep(2)  # the main window is up
        url = f"http://127.0.0.1:{port_file.read_text()}/api/v1/health"
        assert httpx.get(url, timeout=5).status_code == 200
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=30) == 0
    with pytest.raises(httpx.HTTPError):
        httpx.get(url, timeout=2)


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
def test_sigterm_while_signing_in_stops_the_app_cleanly(tmp_path: Path) -> None:
    """SIGTERM while the sign-in waits for the server (held there 5 s): the app exits with 0
    and stops its demo server, instead of failing on the wait cut short."""
    import time

    data = tmp_path / "data"
    with _demo_app(data, EKLASE_SLOW_AT="server.login.verifying:5") as app:
        port_file = data / "demo" / "demo-server.port"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not port_file.exists():
            time.sleep(0.2)
        assert port_file.exists(), "the demo server did not start"
        time.sleep(2)  # the sign-in is waiting for the server now
        assert not (data / "demo" / "profiles" / "skolotajs1.sqlite").exists()
        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=60)
        assert code == 0, app.stderr.read().decode() if app.stderr else ""
    url = f"http://127.0.0.1:{port_file.read_text()}/api/v1/health"
    with pytest.raises(httpx.HTTPError):
        httpx.get(url, timeout=2)


@contextlib.contextmanager
def _demo_app(data: Path, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """The app on its demo server, signing in as skolotajs1, offscreen; whatever the test
    finds, nothing of it (the app, its server) is left running afterwards."""
    app = subprocess.Popen(
        [sys.executable, "-m", "eklase_desktop", "--data-dir", str(data), "--demo", "--user",
         "skolotajs1"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the app and the server it starts
    )  # fmt: skip
    try:
        yield app
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app.pid, signal.SIGKILL)
        app.wait()

"""``--demo``: a real ``eklase-server`` with the demo school, started in the background on
127.0.0.1 with its database in the app's data folder (DESIGN §6).

A second app instance on the same data folder reuses the running server (its port is in
``demo-server.port``); the instance that started it stops it when it quits.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

STARTUP_SECONDS = 90


@dataclass
class DemoServer:
    url: str
    process: subprocess.Popen[bytes] | None  # None when another instance owns it

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
            if self.process.poll() is None:
                self.process.kill()


def _healthy(url: str) -> bool:
    try:
        return requests.get(url + "/api/v1/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_demo_server(data_dir: Path) -> DemoServer:
    """The running demo server for ``data_dir``, or a new one (seeded on first use)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port_file = data_dir / "demo-server.port"
    if port_file.exists():
        url = f"http://127.0.0.1:{port_file.read_text().strip()}"
        if _healthy(url):
            return DemoServer(url, None)
    port = _free_port()
    database = data_dir / "demo-server.sqlite"
    command = [
        sys.executable,
        "-m",
        "eklase_server",
        "--database-url",
        f"sqlite:///{database}",
        "serve",
        "--demo",
        "--port",
        str(port),
    ]
    log = (data_dir / "demo-server.log").open("ab")
    process = subprocess.Popen(command, stdout=log, stderr=log, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo server stopped; see {data_dir / 'demo-server.log'}")
        if _healthy(url):
            port_file.write_text(str(port))
            return DemoServer(url, process)
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the demo server did not start in time")

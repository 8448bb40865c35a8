"""Real parts for integration tests: a throwaway PostgreSQL cluster and ``eklase-server``
processes on 127.0.0.1 (RECIPES: PostgreSQL for tests, servers in tests)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder on a free loopback port."""

    def __init__(self) -> None:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not versions:
            raise RuntimeError("PostgreSQL is not installed (scripts/setup installs it)")
        self.bin = versions[-1]
        self.folder = Path(tempfile.mkdtemp(prefix="eklase-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def start(self) -> None:
        data = self.folder / "data"
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=300"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(self.folder / "log"),
                    "-w",
                    "start",
                    "-o",
                    options,
                ]
            ),
            check=True,
            capture_output=True,
        )

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as connection:
            connection.execute(statement)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class ServerProcess:
    """``eklase-server serve`` in its own process, restartable and killable (SIGKILL)."""

    database_url: str
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)  # of ``serve``, e.g. --workers 2
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        scheme = "https" if "--certfile" in self.options else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self, **env: str) -> ServerProcess:
        command = [
            sys.executable,
            "-m",
            "eklase_server",
            "--database-url",
            self.database_url,
            "serve",
            "--port",
            str(self.port),
            *self.options,
        ]
        self.log_path = Path(tempfile.mkstemp(prefix="eklase-server-", suffix=".log")[1])
        with self.log_path.open("ab") as log:  # a file, not a pipe: nothing can fill up
            self.process = subprocess.Popen(
                command,
                env={**os.environ, **self.env, **env},
                stdout=log,  # (its first line, and an access log if asked for)
                stderr=log,
                start_new_session=True,  # its own process group: kill() takes its workers too
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            with contextlib.suppress(httpx.HTTPError):
                # (a test's own certificate: whether it is trusted is the test's question)
                health = httpx.get(self.url + "/api/v1/health", timeout=1, verify=False)
                if health.status_code == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError("eklase-server did not start")

    def log(self) -> str:
        """What the server wrote (tracebacks of unexpected errors, an access log)."""
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def wait_dead(self, timeout: float = 30) -> int | None:
        assert self.process is not None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def restart(self, **env: str) -> ServerProcess:
        self.kill()
        return self.start(**env)

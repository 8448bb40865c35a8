"""How the server meets the network (issue 16): HTTPS with a certificate of its own, and
behind a reverse proxy the client's address from X-Forwarded-For — trusted only from the
proxies named, so that a client cannot pick the address the login brake counts."""

from __future__ import annotations

import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from eklase_server.auth import NAME_LIMIT
from tests.integration.servers import ServerProcess


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "server.pem", tmp_path / "server.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def started(database_url: str) -> Iterator[list[ServerProcess]]:
    servers: list[ServerProcess] = []
    yield servers
    for server in servers:
        server.kill()


def test_https_with_the_schools_certificate(
    database_url: str, certificate: tuple[Path, Path], started: list[ServerProcess]
) -> None:
    cert, key = certificate
    server = ServerProcess(database_url, options=["--certfile", str(cert), "--keyfile", str(key)])
    started.append(server.start())
    assert server.url.startswith("https://")
    trusted = ssl.create_default_context(cafile=str(cert))
    with httpx.Client(base_url=server.url, verify=trusted) as client:
        login = client.post(
            "/api/v1/auth/login", json={"username": "skolotajs1", "password": "demo"}
        )
        assert login.status_code == 200 and login.json()["token"]
    with pytest.raises(httpx.HTTPError):  # plain HTTP to it is no answer
        httpx.get(server.url.replace("https://", "http://") + "/api/v1/health", timeout=5)


def _fail(client: httpx.Client, forwarded: str) -> int:
    response = client.post(
        "/api/v1/auth/login",
        json={"username": "skolotajs2", "password": "nepareiza"},
        headers={"X-Forwarded-For": forwarded},
    )
    return response.status_code


def test_behind_a_proxy_the_brake_counts_the_forwarded_address(
    database_url: str, started: list[ServerProcess]
) -> None:
    server = ServerProcess(database_url, options=["--forwarded-allow-ips", "127.0.0.1"])
    started.append(server.start())
    with httpx.Client(base_url=server.url) as proxy:  # the proxy, at 127.0.0.1
        assert [_fail(proxy, "10.1.2.3") for _ in range(NAME_LIMIT)] == [401] * NAME_LIMIT
        assert _fail(proxy, "10.1.2.3") == 429  # the attacker behind the proxy
        assert _fail(proxy, "10.9.9.9") == 401  # another school computer: not braked


def test_without_a_named_proxy_a_forwarded_address_counts_for_nothing(
    database_url: str, started: list[ServerProcess]
) -> None:
    server = ServerProcess(database_url)
    started.append(server.start())
    with httpx.Client(base_url=server.url) as client:
        answers = [_fail(client, f"10.0.0.{n}") for n in range(NAME_LIMIT + 1)]
    assert answers == [401] * NAME_LIMIT + [429]  # all from this one address


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_access_log_has_a_line_per_request(
    database_url: str, started: list[ServerProcess]
) -> None:
    server = ServerProcess(database_url, options=["--access-log"])
    started.append(server.start())
    with httpx.Client(base_url=server.url) as client:
        assert _fail(client, "10.0.0.1") == 401
    deadline = time.monotonic() + 5
    while "/api/v1/auth/login" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    login = [line for line in server.log().splitlines() if "/api/v1/auth/login" in line]
    assert login and "POST" in login[0] and "401" in login[0]
    quiet = ServerProcess(database_url)
    started.append(quiet.start())
    with httpx.Client(base_url=quiet.url) as client:
        _fail(client, "10.0.0.2")
    assert "/api/v1/auth/login" not in quiet.log()  # by default: no line per request

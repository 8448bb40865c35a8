"""Fixtures of the refusal tests: the server's log, an HTTP client, the demo school's ids."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.refusals.support import Api, School, ServerLog, load_school
from tests.integration.servers import ServerProcess


@pytest.fixture(autouse=True)
def server_log(server: ServerProcess) -> ServerLog:
    return ServerLog(server)


@pytest.fixture
def api(server: ServerProcess) -> Iterator[Api]:
    client = Api(server)
    yield client
    client.close()


@pytest.fixture
def school(server: ServerProcess) -> School:
    return load_school(server.database_url)

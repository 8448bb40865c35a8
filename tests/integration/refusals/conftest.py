"""Fixtures of the refusal tests: the server's log (``api`` and ``school`` are shared by
every integration test, in the parent folder's conftest)."""

from __future__ import annotations

import pytest

from tests.integration.refusals.support import ServerLog
from tests.integration.servers import ServerProcess


@pytest.fixture(autouse=True)
def server_log(server: ServerProcess) -> ServerLog:
    return ServerLog(server)

"""A laptop's sync in a process of its own, so that tests can kill it (SIGKILL) mid-sync.

``python -m tests.integration.run_laptop CACHE SERVER_URL USERNAME``; exits 0 after a full
sync. ``EKLASE_CRASH_AT`` makes it die at that crash point (eklase_desktop.sync.faults).
"""

from __future__ import annotations

import sys
from pathlib import Path

from eklase_desktop.models.cache import open_cache
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine


def main(cache: str, server_url: str, username: str) -> int:
    client = SyncClient(server_url)
    client.login(username, "demo")
    SyncEngine(open_cache(Path(cache)), client).sync()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

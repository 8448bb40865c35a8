"""The ``eklase-server`` command line.

This version creates the journal database; the HTTP service (``serve``), the demo school and
the account commands arrive with the sync protocol.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs
from sqlalchemy import create_engine

from eklase_server import __version__


def default_database_url() -> str:
    folder = Path(platformdirs.user_data_dir("eklase-server", appauthor=False))
    return f"sqlite:///{folder / 'eklase-server.sqlite'}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eklase-server", description="E-klase central server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("EKLASE_DATABASE_URL") or None,
        help="SQLAlchemy URL (default: EKLASE_DATABASE_URL or SQLite in the user data dir)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create or upgrade the database schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = args.database_url or default_database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    from eklase_desktop.models.cache import upgrade

    engine = create_engine(url)
    upgrade(engine)
    print(f"database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

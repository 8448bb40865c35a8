"""The local SQLite cache: one file per user profile, durable, migrated on open (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.paths import private_database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
CACHE_BRANCHES = (MIGRATIONS / "journal", MIGRATIONS / "cache")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SPEC S1: WAL with synchronous=FULL, so a committed edit survives a crash or power loss.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    # No foreign-key enforcement here: the cache is a replica of what the server allows, and
    # a pulled page may bring a row before its parent (or a parent outside the user's scope).
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config(url: str, branches: Sequence[Path] = CACHE_BRANCHES) -> Config:
    """An Alembic configuration for ``url`` whose revisions are those of ``branches``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", " ".join(str(b) for b in branches))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", url)
    return config


def create_cache_engine(path: Path) -> Engine:
    """An engine on the cache file at ``path`` (created with its folder if missing, private:
    0600 in a 0700 folder)."""
    private_database(path)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade(engine: Engine, branches: Sequence[Path] = CACHE_BRANCHES) -> None:
    """Brings the schema up to the newest revision of every branch (a no-op when it is)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False), branches)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def open_cache(path: Path) -> sessionmaker[Session]:
    """Opens (creating or upgrading) the cache at ``path`` and returns its session factory."""
    engine = create_cache_engine(path)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)

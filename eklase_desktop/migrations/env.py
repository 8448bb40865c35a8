"""Alembic environment shared by the laptop's cache and the server.

Revisions live in branches: ``journal`` (the tables both have), ``cache`` (the laptop's own:
outbox, sync state, …) and ``server`` (accounts, tokens, receipts, audit, … in
``eklase_server/migrations``). Each caller sets ``version_locations`` to the branches its
database has; see ``models.cache.upgrade``. An open connection may be passed in
``config.attributes["connection"]``; ``config.attributes["tables"]`` limits autogenerate to
the named tables (used only when writing a new revision).
"""

from __future__ import annotations

import contextlib

from alembic import context
from sqlalchemy import create_engine

from eklase_desktop.models import Base

config = context.config


def _metadata() -> object:
    # The server's tables join the metadata where the server package is installed.
    with contextlib.suppress(ImportError):
        import eklase_server.models  # noqa: F401
    return Base.metadata


def _include(obj: object, name: str | None, type_: str, *_args: object) -> bool:
    tables = config.attributes.get("tables")
    if tables is None or type_ != "table":
        return True
    return name in tables


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=_metadata(),  # type: ignore[arg-type]
        include_object=_include,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as own_connection:
            _run(own_connection)
        return
    _run(connection)


run_migrations_online()

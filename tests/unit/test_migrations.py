"""The migrations build exactly the schema the models describe: the laptop's cache (journal
and cache branches) and the server's database (journal and server branches)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import eklase_server.models as server_models
from eklase_desktop.models import Base
from eklase_desktop.models import local as cache_models
from eklase_desktop.models.cache import upgrade
from eklase_server.db import SERVER_BRANCHES


def _tables(module: Any) -> set[str]:
    return {
        value.__tablename__
        for value in vars(module).values()
        if isinstance(value, type) and hasattr(value, "__tablename__")
    }


@pytest.mark.parametrize("side", ["cache", "server"])
def test_migrations_match_the_models(side: str, tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'schema.sqlite'}")
    if side == "cache":
        upgrade(engine)
        foreign = _tables(server_models)
    else:
        upgrade(engine, SERVER_BRANCHES)
        foreign = _tables(cache_models)
    assert foreign  # the other side's tables were found, so the filter below means something

    def ours(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
        return not (kind == "table" and (name in foreign or name == "alembic_version"))

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": ours, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []

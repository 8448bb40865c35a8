"""Shared fixtures: Qt offscreen, Latvian messages, a small school on a temporary cache."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.models.cache import open_cache
from tests.school import SmallSchool, build_small_school


@pytest.fixture(autouse=True)
def latvian_messages() -> Iterator[None]:
    """Tests assert on the Latvian messages (the source language)."""
    previous = i18n.current_language()
    i18n.set_language("lv")
    yield
    i18n.set_language(previous)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "profile.sqlite"


@pytest.fixture
def factory(cache_path: Path) -> sessionmaker[Session]:
    return open_cache(cache_path)


@pytest.fixture
def school(factory: sessionmaker[Session]) -> SmallSchool:
    return build_small_school(factory)

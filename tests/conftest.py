"""Shared fixtures: Qt offscreen, Latvian messages, a small school on a temporary cache."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.demo import generate_demo_school
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import Actor, load_actor
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


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_cache(path).begin() as session:
        generate_demo_school(session)
    return path


@pytest.fixture(scope="session")
def demo(demo_path: Path) -> sessionmaker[Session]:
    """The demo school, read only: tests that add rows use ``own_demo``."""
    return open_cache(demo_path)


@pytest.fixture
def own_demo(demo_path: Path, tmp_path: Path) -> sessionmaker[Session]:
    """A copy of the demo school for one test to change."""
    copy = tmp_path / "own.sqlite"
    shutil.copyfile(demo_path, copy)
    return open_cache(copy)


@pytest.fixture(scope="session")
def deputy(demo: sessionmaker[Session]) -> Actor:
    return load_actor(demo, "vietnieks")

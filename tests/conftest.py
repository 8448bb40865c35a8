"""Shared fixtures: Qt offscreen, Latvian messages, the clock, a small school on a cache."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test depends on the real date (DESIGN §6): the suite runs on a fixed school day, and the
# same tests must pass on any other (``EKLASE_TODAY=2027-03-13 scripts/check``). Servers and
# laptops the tests start inherit it.
os.environ.setdefault("EKLASE_TODAY", "2026-11-04")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.demo import generate_demo_school
from eklase_desktop.domain import clock
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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "today(moment): the day (or ISO moment) the test is about, for its process "
        "and the servers and laptops it starts",
    )


@pytest.fixture(autouse=True)
def suite_clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on the suite's day, or on the day its ``today`` marker names (set
    before any server of the test starts: autouse fixtures come first)."""
    marker = request.node.get_closest_marker("today")
    if marker is not None:
        monkeypatch.setenv(clock.ENVIRONMENT, marker.args[0])
    clock.set_clock(clock.parse_moment(os.environ[clock.ENVIRONMENT]))


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

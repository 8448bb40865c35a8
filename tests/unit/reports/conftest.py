"""The demo school on a cache shared by the report tests, and PDFs read back as text."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.demo import generate_demo_school
from eklase_desktop.models import ClassGroup
from eklase_desktop.models.cache import open_cache
from eklase_desktop.reports.document import Document, render
from eklase_desktop.services.actor import Actor, load_actor


def pdf_pages(pdf: bytes, folder: Path) -> list[str]:
    """The PDF's pages as ``pdftotext -layout`` reads them."""
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def rendered(document: Document, folder: Path) -> list[str]:
    return pdf_pages(render(document), folder)


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


def class_id(factory: sessionmaker[Session], name: str) -> uuid.UUID:
    with factory() as session:
        return session.scalars(select(ClassGroup.id).where(ClassGroup.name == name)).one()

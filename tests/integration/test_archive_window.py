"""*Skola → Arhivēt mācību gadu…* with real widgets and a real server (issue 17, SPEC V7):
the deputy saves the year's archive where she chooses and the window says it was checked
whole; a teacher asking the server for it is refused; a folder that cannot be written gets a
Latvian reason and leaves nothing behind."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from eklase_desktop.sync.account import SignedIn
from eklase_desktop.sync.archive_file import verify
from eklase_desktop.ui.school.archive import ArchiveWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner
from tests.integration.laptops import LaptopFactory
from tests.integration.refusals.support import Api


@pytest.fixture
def window(qtbot: QtBot, laptops: LaptopFactory) -> Iterator[ArchiveWindow]:
    deputy = laptops("vietnieks")
    signed = SignedIn(
        "vietnieks", "demo", deputy.factory, deputy.client, deputy.engine, True, deputy.path
    )
    tasks, sync = TaskRunner(), SyncController(signed)
    shown = ArchiveWindow(Workspace.open(deputy.factory, deputy.actor, tasks, sync))
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.loaded, timeout=10_000):
        shown.show()
    yield shown
    sync.shutdown()
    tasks.shutdown()


# one database: the general school's year is archived whole here (its 190 PDFs take ~20 s);
# the archive's queries run on both databases in test_archive.py
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_deputy_saves_the_year_and_a_teacher_may_not(
    window: ArchiveWindow, qtbot: QtBot, tmp_path: Path, laptops: LaptopFactory
) -> None:
    assert window.years.currentText() == "2026./2027."
    assert window.path.text().endswith("eklase-arhivs-2026-2027.zip")
    target = tmp_path / "zibatmiņa" / "arhivs.zip"
    window.path.setText(str(target))  # a folder that is not there: said at once
    window.start.click()
    assert window.message.text() == f"Mape «{target.parent}» nav atrasta."
    assert not target.parent.exists()

    target.parent.mkdir()
    window.path.setText(str(target.parent))  # the drive itself: the archive goes into it
    window.start.click()
    qtbot.waitUntil(lambda: window.start.isEnabled(), timeout=120_000)
    target = target.parent / "eklase-arhivs-2026-2027.zip"
    assert window.message.text() == "" and window.path.text() == str(target)
    assert target.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    assert "pārbaudīts" in window.result.text() and str(target) in window.result.text()
    assert verify(target) == []
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "data/mark.csv" in names and any(name.startswith("pdf/skolotaji/") for name in names)
    assert list(target.parent.iterdir()) == [target]  # no partial file left

    api = Api(laptops.server)
    try:
        year = window.years.currentData()
        refused = api.http.get(
            f"/api/v1/archive/{year}",
            headers={"Authorization": f"Bearer {api.token('skolotajs1')}"},
        )
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Mācību gadu arhivē direktora vietnieks."
    finally:
        api.close()

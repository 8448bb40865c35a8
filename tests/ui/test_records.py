"""What the record windows share: a combo box's item found by an equal id."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from eklase_desktop.ui.records import find_data


def test_an_item_is_found_by_an_equal_id_not_only_the_same_object(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    stored = uuid.uuid4()
    combo.addItem("— nav —", None)
    combo.addItem("Ābele Anna", stored)
    read_again = uuid.UUID(str(stored))  # as a dialog gets it from the cache
    assert combo.findData(read_again) == -1  # why the helper exists
    assert find_data(combo, read_again) == 1
    assert find_data(combo, None) == 0
    assert find_data(combo, uuid.uuid4()) == -1

"""The legend names every column and code the grid shows."""

from __future__ import annotations

from eklase_desktop.services.journal import PERIOD_COLUMNS
from eklase_desktop.ui.legend import legend_line, legend_text


def test_every_period_column_is_explained() -> None:
    for _key, label, _slot in PERIOD_COLUMNS:
        assert f"{label} —" in legend_text() or f"{label}," in legend_text(), label
    for short in ("Pēcp.", "Gads lab.", "Vid.", "♪", "nv"):
        assert short in legend_line()
    assert "M X" in legend_line(monthly=True) and "M X" not in legend_line()
    assert "lietvedis" in legend_text() and "Ctrl+Z" in legend_text()
    assert "M I…XII" in legend_text() and "Vid. —" in legend_text()

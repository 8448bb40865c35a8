"""The Qt user interface: the only package that imports PySide6 (DESIGN §2)."""

from eklase_desktop.ui import signals  # noqa: F401 (pins None before any Qt call: see there)

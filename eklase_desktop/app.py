"""Composition root: preferences → sign-in (server or offline) → cache → services → sync →
the main window (DESIGN §2)."""

from __future__ import annotations

import argparse
import shutil
import uuid
from pathlib import Path

from eklase_desktop import i18n, preferences
from eklase_desktop.paths import data_dir
from eklase_desktop.services.settings import Settings

SCREENSHOT_USER = "skolotajs1"


def folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """(the data folder, the folder whose ``profiles/`` this run uses): demo profiles and
    the demo server's database live apart from real ones."""
    base = data_dir(args.data_dir)
    return base, (base / "demo" if args.demo else base)


def run(args: argparse.Namespace) -> int:
    base, work = folders(args)
    if args.demo and args.demo_reset:
        shutil.rmtree(work, ignore_errors=True)
    prefs = preferences.load(base)
    language = args.lang or prefs["language"]
    i18n.set_language(language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    from eklase_desktop.ui.application import start_gui

    return start_gui(args, base, work)


def last_course(settings: Settings) -> uuid.UUID | None:
    text = settings.get("last_course")
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None

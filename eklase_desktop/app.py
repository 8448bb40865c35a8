"""Composition root: settings → cache → services → (sync) → the main window (DESIGN §2)."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.demo import ensure_demo_school
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.models.cache import open_cache
from eklase_desktop.paths import data_dir, profile_path
from eklase_desktop.services.settings import Settings

DEMO_PROFILE = "demo"
SCREENSHOT_USER = "skolotajs1"


def open_profile(args: argparse.Namespace) -> tuple[sessionmaker[Session], bool]:
    """Opens the cache the arguments name; the demo profile is filled on first use."""
    profile = args.profile or DEMO_PROFILE
    path = profile_path(data_dir(args.data_dir), profile)
    demo = profile == DEMO_PROFILE
    if demo and args.demo_reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not demo and not path.exists():
        raise DomainError(_("Profils «{name}» šajā datorā nav atrasts.").format(name=profile))
    factory = open_cache(path)
    path.chmod(0o600)  # DESIGN §6: other users of the laptop cannot read it
    if demo:
        ensure_demo_school(factory)
    return factory, demo


def run(args: argparse.Namespace) -> int:
    try:
        factory, _demo = open_profile(args)
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 2
    settings = Settings(factory)
    i18n.set_language(args.lang or settings.get("language"))
    from eklase_desktop.ui.application import start_gui

    return start_gui(factory, settings, args)


def choose_username(settings: Settings, args: argparse.Namespace) -> str | None:
    """The user named on the command line, else (screenshots) the demo teacher, else None:
    the GUI then asks."""
    if args.user:
        return str(args.user)
    if args.screenshot:
        return settings.get("last_user") or SCREENSHOT_USER
    return None


def last_course(settings: Settings) -> uuid.UUID | None:
    text = settings.get("last_course")
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None

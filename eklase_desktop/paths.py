"""Where a profile's cache lives: the platformdirs user data dir, or what the user says.

``--data-dir`` beats ``EKLASE_DATA_DIR`` beats the platform default. Each profile (one user on
this laptop) has its own SQLite file, readable by that operating-system user only (DESIGN §6).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "eklase-desktop"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get("EKLASE_DATA_DIR")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def private_database(path: Path) -> None:
    """Makes a SQLite database private to its owner before SQLite opens it: the file 0600
    (SQLite gives its -wal and -shm files the database's mode; those already there are made
    0600 too) and its folder 0700 — unless the folder is shared (world-writable, like
    ``/tmp``), someone else's, or the home folder itself."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    stat = folder.stat()
    if (
        os.name == "posix"
        and stat.st_uid == os.getuid()
        and not stat.st_mode & 0o002
        and folder.resolve() != Path.home().resolve()
    ):
        folder.chmod(0o700)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.chmod(0o600)


def profile_path(base: Path, profile: str) -> Path:
    """The cache file of ``profile``; the folder is created private (0700)."""
    if not _PROFILE_NAME.match(profile):
        raise ValueError(f"invalid profile name {profile!r}")
    folder = base / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder / f"{profile}.sqlite"


def existing_profiles(base: Path) -> list[str]:
    folder = base / "profiles"
    if not folder.is_dir():
        return []
    return sorted(path.stem for path in folder.glob("*.sqlite"))

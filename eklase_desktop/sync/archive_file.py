"""A school year's archive as a file (SPEC V7): what it holds besides its data, and the
check that it is whole — by the server's ``archive verify`` and by the deputy's app after a
download. The server writes it (``eklase_server.archive``)."""

from __future__ import annotations

import enum
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from eklase_desktop.i18n import N_, _

FORMAT = "eklase-archive/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


class Flaw(enum.Enum):
    """What is wrong with a file of an archive: (English for the server's command line,
    Latvian for the app)."""

    UNREADABLE = ("not a readable ZIP archive", N_("nav nolasāms ZIP arhīvs"))
    DAMAGED = ("damaged (its bytes in the ZIP do not read back)", N_("bojāts (nenolasās)"))
    NO_MANIFEST = ("missing or damaged", N_("trūkst vai bojāts"))
    BAD_MANIFEST = ("not readable", N_("nav nolasāms"))
    MISSING = ("missing", N_("trūkst"))
    CHANGED = ("changed (its SHA-256 is not the manifest's)", N_("mainīts (SHA-256 nesakrīt)"))
    UNLISTED = ("not in the manifest", N_("nav manifestā"))


@dataclass(frozen=True)
class Problem:
    """One file of an archive that is not as its manifest lists it."""

    name: str
    flaw: Flaw

    def english(self) -> str:
        return f"{self.name}: {self.flaw.value[0]}"

    def __str__(self) -> str:
        return f"{self.name}: {_(self.flaw.value[1])}"


def verify(path: Path) -> list[Problem]:
    """What is wrong with the archive at ``path``: each problem names its file; empty when
    every file is there, whole and as the manifest lists it."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return [Problem(path.name, Flaw.UNREADABLE)]
    problems: list[Problem] = []
    with archive:
        contents: dict[str, bytes] = {}
        for name in archive.namelist():
            try:
                contents[name] = archive.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                shown = name if name.isprintable() else repr(name)
                problems.append(Problem(shown, Flaw.DAMAGED))
        if MANIFEST not in contents:
            return [*problems, Problem(MANIFEST, Flaw.NO_MANIFEST)]
        try:
            manifest = json.loads(contents[MANIFEST])
            listed = {item["path"]: item for item in manifest["files"]}
        except (ValueError, KeyError, TypeError):
            return [*problems, Problem(MANIFEST, Flaw.BAD_MANIFEST)]
        for name, item in listed.items():
            if name not in contents:
                if name not in archive.namelist():  # (not one that is there but damaged)
                    problems.append(Problem(name, Flaw.MISSING))
                continue
            data = contents[name]
            if len(data) != item.get("bytes") or hashlib.sha256(data).hexdigest() != item.get(
                "sha256"
            ):
                problems.append(Problem(name, Flaw.CHANGED))
        for name in contents:
            if name not in listed and name not in (MANIFEST, SUMS):
                problems.append(Problem(name, Flaw.UNLISTED))
    return problems

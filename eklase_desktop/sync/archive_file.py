"""A school year's archive as a file (SPEC V7): what it holds besides its data, and the
check that it is whole — by the server's ``archive verify`` and by the deputy's app after a
download. The server writes it (``eklase_server.archive``)."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path

FORMAT = "eklase-archive/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


def verify(path: Path) -> list[str]:
    """What is wrong with the archive at ``path``: each problem names its file; empty when
    every file is there, whole and as the manifest lists it."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        return [f"{path.name}: not a readable ZIP archive ({error})"]
    problems: list[str] = []
    with archive:
        contents: dict[str, bytes] = {}
        for name in archive.namelist():
            try:
                contents[name] = archive.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                shown = name if name.isprintable() else repr(name)
                problems.append(f"{shown}: damaged (its bytes in the ZIP do not read back)")
        if MANIFEST not in contents:
            return [*problems, f"{MANIFEST}: missing or damaged"]
        try:
            manifest = json.loads(contents[MANIFEST])
            listed = {item["path"]: item for item in manifest["files"]}
        except (ValueError, KeyError, TypeError) as error:
            return [*problems, f"{MANIFEST}: not readable ({error})"]
        for name, item in listed.items():
            if name not in contents:
                if name not in archive.namelist():  # (not one that is there but damaged)
                    problems.append(f"{name}: missing")
                continue
            data = contents[name]
            if len(data) != item.get("bytes") or hashlib.sha256(data).hexdigest() != item.get(
                "sha256"
            ):
                problems.append(f"{name}: changed (its SHA-256 is not the manifest's)")
        for name in contents:
            if name not in listed and name not in (MANIFEST, SUMS):
                problems.append(f"{name}: not in the manifest")
    return problems

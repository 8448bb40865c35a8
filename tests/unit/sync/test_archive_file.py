"""The archive's check (SPEC V7) on hand-made ZIPs: each flaw names its file, in Latvian for
the app and in English for the server's command line."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from eklase_desktop.sync.archive_file import MANIFEST, Flaw, Problem, verify


def _archive(path: Path, files: dict[str, bytes], listed: dict[str, bytes]) -> Path:
    manifest = {
        "files": [
            {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in listed.items()
        ]
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest))
    return path


def test_each_flaw_names_its_file(tmp_path: Path) -> None:
    good = {"data/mark.csv": b"id;value\n", "README.txt": b"Arhivs"}
    assert verify(_archive(tmp_path / "whole.zip", good, good)) == []
    files = {"data/mark.csv": b"id;value\n1;9\n", "extra.txt": b"x"}
    problems = verify(_archive(tmp_path / "bad.zip", files, good))
    assert set(problems) == {
        Problem("data/mark.csv", Flaw.CHANGED),
        Problem("README.txt", Flaw.MISSING),
        Problem("extra.txt", Flaw.UNLISTED),
    }
    changed = Problem("data/mark.csv", Flaw.CHANGED)
    assert str(changed) == "data/mark.csv: mainīts (SHA-256 nesakrīt)"
    assert changed.english() == "data/mark.csv: changed (its SHA-256 is not the manifest's)"
    (tmp_path / "not.zip").write_bytes(b"PK nothing")
    assert verify(tmp_path / "not.zip") == [Problem("not.zip", Flaw.UNREADABLE)]

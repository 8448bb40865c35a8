"""Preferences that belong to the laptop, not to one profile: the language, and the server
and user name of the last sign-in (so the login dialog is filled in)."""

from __future__ import annotations

import json
from pathlib import Path

DEFAULTS = {"language": "lv", "server_url": "http://127.0.0.1:8470", "username": ""}


def load(data_dir: Path) -> dict[str, str]:
    path = data_dir / "preferences.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    return {key: str(stored.get(key, default)) for key, default in DEFAULTS.items()}


def save(data_dir: Path, **values: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    merged = load(data_dir) | {k: v for k, v in values.items() if k in DEFAULTS}
    path = data_dir / "preferences.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)  # atomic: a crash leaves the old file or the new one

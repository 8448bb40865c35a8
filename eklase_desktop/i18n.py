"""Translations: Latvian is the source language of every message, English is a catalogue.

The product is written for Latvian schools, so message ids are the Latvian texts themselves:
a missing translation shows Latvian, never a raw key. ``resources/locale/<lang>/LC_MESSAGES/
eklase.po`` holds the other languages; it is read with Babel at start-up (no compile step).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "eklase"
LANGUAGES = {"lv": "Latviešu", "en": "English"}
DEFAULT_LANGUAGE = "lv"

_catalogue: Mapping[str, str] = {}
_language = DEFAULT_LANGUAGE


def _read_catalogue(language: str) -> dict[str, str]:
    """Reads the .po file of ``language``; Latvian needs none."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT_LANGUAGE or not po_path.exists():
        return {}
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.string, str) and message.string
    }


def set_language(language: str) -> None:
    """Switches every later ``_()`` call to ``language`` (``lv`` or ``en``)."""
    global _catalogue, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _catalogue = _read_catalogue(language)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translates ``message`` (a Latvian text) into the current language."""
    return _catalogue.get(message, message)


def plural(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (Latvian message ids with a ``{count}``, marked with ``N_`` where
    they are written) by the current language's rule, translated and filled in. Latvian takes
    the singular for 1, 21, 31, … but not 11 (1 skolēns, 21 skolēns, 11 skolēni)."""
    latvian = count % 10 == 1 and count % 100 != 11
    singular = latvian if _language == "lv" else count == 1
    return _(one if singular else many).format(count=count)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it now."""
    return message


set_language(os.environ.get("EKLASE_LANG", DEFAULT_LANGUAGE).lower()[:2] or DEFAULT_LANGUAGE)

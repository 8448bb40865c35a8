"""The English catalogue covers every Latvian message in the source, placeholders intact.

Message ids are extracted in-process with Babel and the same ``babel.cfg`` that
``scripts/extract-messages`` uses, so a new ``_()``/``N_()`` text without a translation fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from eklase_desktop import i18n
from eklase_desktop.domain.lessons import LessonType, lesson_type_label

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
KEYWORDS = {"_": None, "N_": None}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
REFRESH = "Run scripts/extract-messages and translate in " + str(PO_PATH.relative_to(ROOT))


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    ids = {message for _file, _line, message, _comments, _context in found}
    assert ids, "no messages extracted: check babel.cfg"
    return ids


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    with PO_PATH.open("rb") as handle:
        return read_po(handle)


def test_every_source_message_has_an_english_translation(
    source_ids: set[str], catalogue: Catalog
) -> None:
    missing = sorted(
        message_id
        for message_id in source_ids
        if (entry := catalogue.get(message_id)) is None or not entry.string or entry.fuzzy
    )
    assert not missing, f"{REFRESH}; missing or fuzzy:\n" + "\n".join(map(repr, missing))


def test_translations_keep_the_placeholders(catalogue: Catalog) -> None:
    wrong = [
        f"{entry.id!r} -> {entry.string!r}"
        for entry in catalogue
        if entry.id
        and entry.string
        and sorted(PLACEHOLDER.findall(str(entry.id))) != sorted(PLACEHOLDER.findall(entry.string))
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("lv")


@pytest.mark.usefixtures("english")
def test_switching_language_translates_at_runtime() -> None:
    assert i18n.current_language() == "en"
    assert i18n._("Stunda saglabāta.") == "Lesson saved."
    assert lesson_type_label(LessonType.MAKEUP) == "Make-up lesson"
    i18n.set_language("lv")
    assert i18n._("Stunda saglabāta.") == "Stunda saglabāta."
    assert lesson_type_label(LessonType.MAKEUP) == "Stundas atstrāde"


@pytest.mark.parametrize(
    ("count", "latvian", "english"),
    [
        (1, "1 skolēns", "1 pupil"),
        (2, "2 skolēni", "2 pupils"),
        (11, "11 skolēni", "11 pupils"),
        (21, "21 skolēns", "21 pupils"),
        (111, "111 skolēni", "111 pupils"),
        (0, "0 skolēni", "0 pupils"),
    ],
)
def test_plural_follows_each_languages_rule(count: int, latvian: str, english: str) -> None:
    forms = ("{count} skolēns", "{count} skolēni")
    i18n.set_language("lv")
    assert i18n.plural(count, *forms) == latvian
    i18n.set_language("en")
    assert i18n.plural(count, *forms) == english
    i18n.set_language("lv")

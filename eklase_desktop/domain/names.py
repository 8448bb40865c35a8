"""Person names: Latvian alphabetical order and the journal's "Surname Name" form.

Used where Qt's QCollator is not available (reports, services, tests).
"""

from __future__ import annotations

import unicodedata

# The Latvian alphabet, with the foreign letters Q W X Y in their Latin places.
_ALPHABET = "aābcčdeēfgģhiījkķlļmnņopqrsštuūvwxyzž"
# Space and hyphen sort before letters ("Ozola" < "Ozola-Kalna" < "Ozolaine"), digits next.
_BEFORE_LETTERS = " -0123456789"
_RANK = {char: index for index, char in enumerate(_BEFORE_LETTERS + _ALPHABET)}
_UNKNOWN_BASE = len(_RANK)


def _rank(char: str) -> int:
    return _RANK.get(char, _UNKNOWN_BASE + ord(char))


def latvian_sort_key(name: str) -> tuple[tuple[int, ...], str]:
    """A key sorting names by the Latvian alphabet, ignoring case (Ā after A, Č after C).

    Names that differ only in case are ordered by code point so the order is total.
    """
    composed = unicodedata.normalize("NFC", name.strip())
    return tuple(_rank(char) for char in composed.lower()), composed


def full_name(first: str, last: str) -> str:
    """The name as journal lists show it: surname first ("Bērziņa Anna")."""
    return " ".join(part for part in (last.strip(), first.strip()) if part)


def fold(text: str) -> str:
    """Text compared as a person means it: case, spacing and diacritics aside."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))

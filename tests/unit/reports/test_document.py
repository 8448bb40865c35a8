"""The PDF frame every report shares: Latvian letters, page n of N, repeated table headers,
the stamps, and a document with nothing to show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eklase_desktop.reports.document import Column, Document, Grid, Section
from tests.pdf import rendered

PRINTED = dt.datetime(2026, 11, 23, 14, 5)
SYNCED = dt.datetime(2026, 11, 23, 13, 58)


def document(*sections: Section) -> Document:
    return Document(
        title="Klases sekmju kopsavilkums",
        school="Ķekavas Ūdeņu vidusskola",
        subtitle="7.a klase · 2026. gada oktobris",
        data_as_of=SYNCED,
        printed_at=PRINTED,
        sections=sections,
    )


def test_long_tables_repeat_their_header_and_every_page_is_stamped(tmp_path: Path) -> None:
    rows = tuple((f"Žagariņa Ģertrūde {n}", "ā č ē ģ ī ķ ļ ņ š ū ž") for n in range(150))
    grid = Grid((Column("Skolēns ar garumzīmēm", 2), Column("Burti", 3)), rows)
    pages = rendered(document(Section(heading="Saraksts", grid=grid)), tmp_path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Skolēns ar garumzīmēm" in page
        assert "Ķekavas Ūdeņu vidusskola" in page
        assert f"Lapa {number} no {len(pages)}" in page
        assert "Izdrukāts 23.11.2026. 14:05 · dati uz 23.11.2026. 13:58" in page
    text = "".join(pages)
    assert all(f"Žagariņa Ģertrūde {n}" in text for n in range(150))
    assert text.replace(" ", "").count("āčēģīķļņšūž") == 150


def test_parts_are_numbered_on_their_own(tmp_path: Path) -> None:
    rows = tuple((f"{n}",) for n in range(90))
    long = Grid((Column("Nr."),), rows)
    pages = rendered(
        document(Section(part="Ābele Ādams", grid=long), Section(part="Čakste Ēriks")), tmp_path
    )
    assert len(pages) == 3
    assert "Lapa 1 no 2" in pages[0] and "Lapa 2 no 2" in pages[1] and "Lapa 1 no 1" in pages[2]
    assert "Ābele Ādams" in pages[1]  # the running header names the part
    assert "Čakste Ēriks" in pages[2]


def test_nothing_to_show_is_a_valid_page(tmp_path: Path) -> None:
    empty = Document(
        title="Aizvietoto stundu atskaite",
        school="Skola",
        subtitle="2026. gada jūlijs",
        data_as_of=None,
        printed_at=PRINTED,
        empty="Šajā periodā aizvietotu stundu nav.",
    )
    (page,) = rendered(empty, tmp_path)
    assert "Šajā periodā aizvietotu stundu nav." in page
    assert "dati nav sinhronizēti ar serveri" in page
    (page,) = rendered(document(Section(grid=Grid((Column("A"),), (), empty="Tukšs."))), tmp_path)
    assert "Tukšs." in page and "Lapa 1 no 1" in page


def test_a_cell_longer_than_a_page_continues_and_namesakes_are_two_parts(tmp_path: Path) -> None:
    long = "\n".join(f"Rinda {n}: ļoti gara piezīme" for n in range(90))
    grid = Grid((Column("Datums"), Column("Ieraksts", 4)), (("01.10.", long),))
    pages = rendered(
        document(
            Section(part="Bērziņš Jānis", grid=grid),
            Section(part="Bērziņš Jānis", lines=("Otrs skolēns ar to pašu vārdu.",)),
        ),
        tmp_path,
    )
    text = "".join(pages)
    assert all(f"Rinda {n}:" in text for n in range(90))
    assert "Lapa 1 no 1" in pages[-1] and "Otrs skolēns" in pages[-1]
    assert f"Lapa 1 no {len(pages) - 1}" in pages[0]

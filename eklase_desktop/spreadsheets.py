"""Spreadsheet files of the school's set-up (SPEC C1; docs/import.md): reading an XLSX, ODS
or CSV file into tables of cells (python-calamine), and writing the empty template
workbook (openpyxl). What the cells mean is the domain's (``domain.school_import``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_import import (
    CLASSES,
    COURSES,
    HOLIDAYS,
    INSTRUCTIONS,
    SHEETS,
    YEAR,
    Cell,
    ImportProblem,
    sheet_named,
    sheet_of_headers,
)
from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS, next_year
from eklase_desktop.i18n import _

Tables = dict[str, list[list[Cell]]]
SPREADSHEETS = (".xlsx", ".xlsm", ".ods", ".xls")
MAX_FILE_BYTES = 50 * 1024 * 1024  # far above 600 students' workbook (~200 kB)


def read_tables(path: Path) -> Tables:
    """Each sheet's rows of cells; raises ImportProblem if the file cannot be read."""
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportProblem(name, None, None, _("fails ir pārāk liels."))
        if path.suffix.lower() == ".csv":
            return _read_csv(path)
        if path.suffix.lower() not in SPREADSHEETS:
            message = _("atbalstīti XLSX, ODS un CSV faili.")
            raise ImportProblem(name, None, None, message)
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        return {
            sheet: [list(row) for row in book.get_sheet_by_name(sheet).to_python()]
            for sheet in book.sheet_names
        }
    except ImportProblem:
        raise
    except (OSError, ValueError, Exception) as error:  # calamine's errors have no common base
        message = _("failu neizdevās nolasīt ({error}).").format(error=str(error)[:200])
        raise ImportProblem(name, None, None, message) from error


def _read_csv(path: Path) -> Tables:
    """One sheet: the one the file's name or its header row names. Latvian Excel writes
    semicolons and, in older versions, Windows-1257."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1257"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=";,\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Cell]] = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    sheet = sheet_named(path.stem) or (sheet_of_headers(rows[0]) if rows else None)
    if sheet is None:
        message = _("CSV faila nosaukumam vai kolonnām jāatbilst kādai lapai (docs/import.md).")
        raise ImportProblem(path.name, 1, None, message)
    return {sheet.name: rows}


def write_template(path: Path) -> None:
    """An empty workbook: the instruction, then each sheet's headers and an example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = INSTRUCTIONS
    lines = [
        _("E-klase: skolas datu imports"),
        "",
        _("Katra lapa ir viena datu kopa; pirmā rinda ir kolonnu virsraksti, kurus nemaina."),
        _(
            "Piemēra rindu izdzēsiet vai aizstājiet ar saviem datiem. Lapas, kas nav "
            "vajadzīgas, var atstāt tukšas vai izdzēst."
        ),
        _("Datumi: DD.MM.GGGG. Personas kods: 123456-12345. Tālrunis: +371 20000000."),
        _(
            "Imports ir viss vai nekas: ja kāda rinda ir kļūdaina, nekas netiek mainīts, un "
            "ziņojums nosauc lapu, rindu un kolonnu. Atkārtots imports neko nemaina."
        ),
        "",
    ]
    for sheet in SHEETS:
        lines += [sheet.name, sheet.note, ""]
    for number, line in enumerate(lines, start=1):
        guide.cell(number, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(1, 1).font = Font(bold=True, size=14)
    for number, line in enumerate(lines, start=1):
        if any(line == sheet.name for sheet in SHEETS):
            guide.cell(number, 1).font = Font(bold=True)
    guide.column_dimensions["A"].width = 110
    header_fill = PatternFill("solid", fgColor="DDE7F3")
    current = _example_values()
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name)
        for number, column in enumerate(sheet.columns, start=1):
            cell = page.cell(1, number, column.header)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            value = current.get((sheet.name, column.key), _example(column.example, column.kind))
            example = page.cell(2, number, value)
            if column.kind == "date":
                example.number_format = "DD.MM.YYYY"
            elif column.kind == "text":
                example.number_format = "@"  # a personal code or a phone stays text
            letter = cell.column_letter
            page.column_dimensions[letter].width = max(12, len(column.header) + 4)
        page.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as error:
        message = _("Veidni neizdevās saglabāt ({error}).").format(error=error.strerror)
        raise DomainError(message) from error


def _example_values() -> dict[tuple[str, str], Cell]:
    """The example rows' school year: the one under way (or next) when the template is
    written, not a fixed one that would age."""
    today = clock.today()
    year = next((y for y in DEFAULT_SCHOOL_YEARS if y.last_day >= today), None)
    if year is None:
        year = DEFAULT_SCHOOL_YEARS[-1]
        while year.last_day < today:
            year = next_year(year)
    first, second = year.semesters
    values: dict[tuple[str, str], Cell] = {
        (YEAR.name, "name"): year.name,
        (YEAR.name, "first_day"): year.first_day,
        (YEAR.name, "last_day"): year.last_day,
        (YEAR.name, "s1_start"): first.start,
        (YEAR.name, "s1_end"): first.end,
        (YEAR.name, "s1_deadline"): first.mark_deadline,
        (YEAR.name, "s2_start"): second.start,
        (YEAR.name, "s2_end"): second.end,
        (YEAR.name, "s2_deadline"): second.mark_deadline,
        (YEAR.name, "year_deadline"): year.year_mark_deadline,
        (HOLIDAYS.name, "year"): year.name,
        (CLASSES.name, "year"): year.name,
        (COURSES.name, "year"): year.name,
    }
    if year.holidays:
        holiday = year.holidays[0]
        values[(HOLIDAYS.name, "name")] = holiday.name
        values[(HOLIDAYS.name, "start")] = holiday.start
        values[(HOLIDAYS.name, "end")] = holiday.end
    return values


def _example(text: str, kind: str) -> Cell:
    if not text:
        return None
    if kind == "date":
        day, month, year = (int(part) for part in text.split("."))
        return dt.date(year, month, day)
    if kind == "number":
        return int(text)
    return text


def write_workbook(path: Path, tables: dict[str, Sequence[Sequence[Cell]]]) -> None:
    """Writes ``tables`` as an XLSX workbook (the example workbooks, tests)."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in tables.items():
        page = book.create_sheet(name)
        for row in rows:
            page.append(list(row))
    book.save(path)

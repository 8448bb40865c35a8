"""The school's set-up as a spreadsheet (SPEC C1; docs/import.md): the sheets and their Latvian
column headers, and each row read into the cards the *Skola* windows keep. A value that is
not right is an ImportProblem naming the sheet, the row and the column; the file is then
refused as a whole. References between sheets (a class's tutor, a course's teacher and
students) stay text here: they are resolved against the school's data (models)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import CourseKind, SubjectKind
from eklase_desktop.domain.names import fold
from eklase_desktop.domain.personal_code import normalize
from eklase_desktop.domain.phone import normalize_phone
from eklase_desktop.domain.roles import Role, label
from eklase_desktop.domain.school import (
    MAX_GRADE,
    MAX_WEEKLY_LESSONS,
    ClassDetails,
    Gender,
    GroupKind,
    StaffDetails,
    SubjectDetails,
    validate_class,
    validate_staff,
    validate_subject,
)
from eklase_desktop.i18n import _

T = TypeVar("T")
Cell = object  # what a reader gives: str, int, float, bool, date, datetime or None


class ImportProblem(DomainError):
    """A value of the file is not right: nothing of the file is imported."""

    def __init__(self, sheet: str, row: int | None, column: str | None, problem: str) -> None:
        where = _("Lapa «{sheet}»").format(sheet=sheet)
        if row is not None:
            where += ", " + _("{row}. rinda").format(row=row)
        if column is not None:
            where += ", " + _("kolonna «{column}»").format(column=column)
        super().__init__(f"{where}: {problem}")
        self.sheet, self.row, self.column, self.problem = sheet, row, column, problem
        self.problems: tuple[ImportProblem, ...] = (self,)


MAX_SHOWN = 12


def all_of(problems: list[ImportProblem]) -> ImportProblem:
    """The file's problems as one (the first's place; every message, up to a dozen)."""
    if len(problems) == 1:
        return problems[0]
    first = problems[0]
    combined = ImportProblem(first.sheet, first.row, first.column, first.problem)
    lines = [problem.message for problem in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        more = _("… un vēl {count} (izlabojiet šīs un importējiet vēlreiz).")
        lines.append(more.format(count=len(problems) - MAX_SHOWN))
    combined.message = "\n".join(lines)
    combined.problems = tuple(problems)
    return combined


@dataclass(frozen=True)
class Column:
    header: str  # as written in the file's first row (Latvian, not translated)
    key: str
    required: bool = False
    example: str = ""  # the template's example row
    kind: str = "text"  # text, date, number: how the template formats the column


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    note: str  # the template's instruction for this sheet

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


YEAR = Sheet(
    "Mācību gads",
    (
        Column("Nosaukums", "name", True, "2027./2028."),
        Column("Sākums", "first_day", False, "01.09.2027", "date"),
        Column("Pirmā mācību diena", "first_school_day", False, "", "date"),
        Column("Beigas", "last_day", False, "31.05.2028", "date"),
        Column("1. semestris no", "s1_start", False, "01.09.2027", "date"),
        Column("1. semestris līdz", "s1_end", False, "22.12.2027", "date"),
        Column("1. semestra vērtējumu termiņš", "s1_deadline", False, "22.12.2027", "date"),
        Column("2. semestris no", "s2_start", False, "03.01.2028", "date"),
        Column("2. semestris līdz", "s2_end", False, "31.05.2028", "date"),
        Column("2. semestra vērtējumu termiņš", "s2_deadline", False, "31.05.2028", "date"),
        Column("Gada vērtējumu termiņš", "year_deadline", False, "31.05.2028", "date"),
    ),
    "Viena rinda katram mācību gadam. Tukšus datumus ņem no jau saglabātā gada ar šo "
    "nosaukumu vai no programmā zināmā gada (2025./2026., 2026./2027.).",
)
HOLIDAYS = Sheet(
    "Brīvdienas",
    (
        Column("Mācību gads", "year", True, "2027./2028."),
        Column("Nosaukums", "name", True, "Rudens brīvdienas"),
        Column("No", "start", True, "25.10.2027", "date"),
        Column("Līdz", "end", True, "29.10.2027", "date"),
    ),
    "Skolēnu brīvdienas. Ja gadam te ir kaut viena rinda, tās aizstāj gada brīvdienas; "
    "ja nav nevienas, gada brīvdienas paliek, kādas tās ir.",
)
CLASSES = Sheet(
    "Klases",
    (
        Column("Mācību gads", "year", False, "2027./2028."),
        Column("Nosaukums", "name", True, "7.a"),
        Column("Klase vai kurss", "grade", True, "7", "number"),
        Column("Veids", "kind", False, "klase"),
        Column("Izglītības programma", "programme", False, "Pamatizglītības programma"),
        Column("Audzinātājs", "tutor", False, "Anna Liepa"),
    ),
    "Veids: klase, kurss (mūzikas skolā) vai grupa. Audzinātājs: personas kods vai vārds "
    "un uzvārds no lapas «Darbinieki» vai jau saglabāts. Tukšs mācību gads: lapas "
    "«Mācību gads» vienīgais gads vai šī brīža mācību gads.",
)
SUBJECTS = Sheet(
    "Priekšmeti",
    (
        Column("Nosaukums", "name", True, "Matemātika"),
        Column("Saīsinājums", "short_name", False, "Mat."),
        Column("Veids", "kind", False, "vispārizglītojošs"),
        Column("Vērtēšana", "marks", False, "10 ballēs"),
    ),
    "Veids: vispārizglītojošs, profesionālais vai teorijas. Vērtēšana: «10 ballēs» vai "
    "«ieskaitīts» (i/ni).",
)
STAFF = Sheet(
    "Darbinieki",
    (
        Column("Vārds", "first_name", True, "Anna"),
        Column("Uzvārds", "last_name", True, "Liepa"),
        Column("Personas kods", "personal_code", False, "010180-10000"),
        Column("Lietotājvārds", "username", False, ""),
        Column("Tālrunis", "phone", False, "+371 20000000"),
        Column("E-pasts", "email", False, "anna.liepa@skola.lv"),
        Column("Lomas", "roles", True, "skolotājs, audzinātājs"),
        Column("Strādā no", "employed_from", False, "01.09.2015", "date"),
        Column("Strādā līdz", "employed_until", False, "", "date"),
    ),
    "Lietotājvārds: tikai jau saglabātas kartītes atrašanai (jaunai to piešķir serveris). "
    "Lomas, atdalītas ar komatu: skolotājs, audzinātājs, koncertmeistars, lietvedis, "
    "direktora vietnieks, direktors, individuālā darba speciālists. Lietveža, vietnieka "
    "un direktora lomu piešķir tikai direktora vietnieks.",
)
STUDENTS = Sheet(
    "Skolēni",
    (
        Column("Klase", "class", True, "7.a"),
        Column("Vārds", "first_name", True, "Jānis"),
        Column("Uzvārds", "last_name", True, "Bērziņš"),
        Column("Personas kods", "personal_code", True, "150313-20000"),
        Column("Dzimšanas datums", "birth_date", False, "", "date"),
        Column("Dzimums", "gender", False, "v"),
        Column("Tālrunis", "phone", False, ""),
        Column("Deklarētā adrese", "declared_address", False, "Rīga, Brīvības iela 1"),
        Column("Faktiskā adrese", "actual_address", False, ""),
        Column("Izglītības programma", "programme", False, "Pamatizglītības programma"),
        Column("Dokuments", "id_document", False, ""),
        Column("Dokumentu izdeva", "id_document_issuer", False, ""),
        Column("Dokumenta datums", "id_document_date", False, "", "date"),
        Column("Uzņemšanas rīkojums", "admission_order", False, "1-12/5"),
        Column("Uzņemts", "admitted_on", False, "01.09.2020", "date"),
        Column("1. pārstāvja vārds", "g1_first", False, "Inese"),
        Column("1. pārstāvja uzvārds", "g1_last", False, "Bērziņa"),
        Column("1. pārstāvja tālrunis", "g1_phone", False, "+371 26000000"),
        Column("2. pārstāvja vārds", "g2_first", False, ""),
        Column("2. pārstāvja uzvārds", "g2_last", False, ""),
        Column("2. pārstāvja tālrunis", "g2_phone", False, ""),
    ),
    "Viena rinda katram skolēnam; klase no lapas «Klases» vai jau saglabāta. Dzimums: v "
    "(vīrietis) vai s (sieviete). Pārstāvji: vecāki vai citi likumiskie pārstāvji.",
)
COURSES = Sheet(
    "Kursi",
    (
        Column("Mācību gads", "year", False, "2027./2028."),
        Column("Priekšmets", "subject", True, "Matemātika"),
        Column("Klase", "class", False, "7.a"),
        Column("Nosaukums", "name", False, ""),
        Column("Veids", "kind", False, "klases"),
        Column("Skolotājs", "teacher", True, "Anna Liepa"),
        Column("Koncertmeistars", "concertmaster", False, ""),
        Column("Stundas nedēļā", "weekly_lessons", False, "5", "number"),
        Column("Aprakstoši vērtējumi", "descriptive", False, ""),
        Column("Skolēni", "students", False, ""),
    ),
    "Veids: klases (visa klase), grupas vai individuālais (viens skolēns). Grupai un "
    "individuālajam kursam «Skolēni»: personas kodi vai vārdi un uzvārdi, atdalīti ar "
    "semikolu. Tukšs nosaukums: priekšmets un klase (vai skolēns). Aprakstoši vērtējumi "
    "(S, T, A, P): jā vai nē; tukšs: jā 1.–3. klasē.",
)
SHEETS: tuple[Sheet, ...] = (YEAR, HOLIDAYS, SUBJECTS, STAFF, CLASSES, STUDENTS, COURSES)
INSTRUCTIONS = "Instrukcija"  # the template's first sheet, not read


def sheet_named(name: str) -> Sheet | None:
    return next((sheet for sheet in SHEETS if fold(sheet.name) == fold(name)), None)


def sheet_of_headers(headers: Sequence[Cell]) -> Sheet | None:
    """The sheet a CSV file is, by its header row: the one whose columns it names best."""
    names = {fold(str(header)) for header in headers if header not in (None, "")}
    best = max(SHEETS, key=lambda sheet: len(names & {fold(c.header) for c in sheet.columns}))
    required = {fold(column.header) for column in best.columns if column.required}
    return best if required <= names else None


# --- rows ------------------------------------------------------------------------------


class Row:
    """One row of a sheet, its values by column key."""

    def __init__(
        self, sheet: Sheet, number: int, values: Mapping[str, Cell], present: frozenset[str]
    ) -> None:
        self.sheet, self.number, self._values, self._present = sheet, number, values, present

    def has(self, key: str) -> bool:
        """Whether the sheet has the column: one it leaves out changes nothing stored."""
        return key in self._present

    def problem(self, key: str | None, message: str) -> ImportProblem:
        column = self.sheet.column(key).header if key is not None else None
        return ImportProblem(self.sheet.name, self.number, column, message)

    def checked(self, key: str | None, check: Callable[[], T]) -> T:
        """``check()``, its DomainError as this row's (and column's) problem."""
        try:
            return check()
        except ImportProblem:
            raise
        except DomainError as error:
            raise self.problem(key, error.message) from error

    def text(self, key: str) -> str:
        value = self._values.get(key)
        if value is None:
            text = ""
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))  # 7.0 as typed: 7
        elif isinstance(value, dt.datetime):
            text = value.date().isoformat()
        else:
            text = str(value)
        text = " ".join(text.split())
        if not text and self.sheet.column(key).required:
            raise self.problem(key, _("vērtība ir obligāta."))
        return text

    def date(self, key: str) -> dt.date | None:
        value = self._values.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(key)
        if not text:
            return None
        shaped = re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}\.?|\d{4}-\d{2}-\d{2}", text)
        message = (
            _("datuma «{text}» kalendārā nav.")
            if shaped
            else _("«{text}» nav datums (DD.MM.GGGG).")
        ).format(text=text)
        return parse_date(text, lambda: self.problem(key, message))

    def integer(self, key: str, low: int, high: int) -> int | None:
        text = self.text(key)
        if not text:
            return None
        if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high:
            message = _("jābūt veselam skaitlim no {low} līdz {high} (nav «{text}»).")
            raise self.problem(key, message.format(low=low, high=high, text=text))
        return int(text)

    def choice(self, key: str, options: Mapping[str, T], default: T) -> T:
        text = self.text(key)
        return self.pick(key, text, options) if text else default

    def pick(self, key: str, text: str, options: Mapping[str, T], known: Iterable[str] = ()) -> T:
        """The option ``text`` names (case, spacing and diacritics aside)."""
        found = {fold(name): value for name, value in options.items()}.get(fold(text))
        if found is None:
            message = _("«{text}» nav starp zināmajām vērtībām: {known}.")
            listed = ", ".join(known or options)
            raise self.problem(key, message.format(text=text, known=listed))
        return found

    def phone(self, key: str) -> str:
        text = self.text(key)
        return self.checked(key, lambda: normalize_phone(text)) if text else ""

    def personal_code(self, key: str) -> str:
        text = self.text(key)
        return self.checked(key, lambda: normalize(text)) if text else ""


def parse_date(text: str, bad: Callable[[], ImportProblem]) -> dt.date:
    """``DD.MM.GGGG`` (a dot at the end allowed) or ISO ``GGGG-MM-DD``."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?", text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise bad() from None


def rows_of(sheet: Sheet, table: Sequence[Sequence[Cell]]) -> Iterator[Row]:
    """The rows of a sheet's ``table`` (its header row first) that hold anything; a header
    the sheet does not know, or a required one missing, is the file's problem."""
    if not table:
        return
    by_header = {fold(column.header): column for column in sheet.columns}
    keys: list[str | None] = []
    for header in table[0]:
        text = "" if header is None else " ".join(str(header).split())
        if not text:
            keys.append(None)
            continue
        column = by_header.get(fold(text))
        if column is None:
            message = _("nezināma kolonna «{text}» (kolonnas aprakstītas lapā «{help}»).")
            raise ImportProblem(sheet.name, 1, None, message.format(text=text, help=INSTRUCTIONS))
        if column.key in keys:
            raise ImportProblem(sheet.name, 1, column.header, _("kolonna ir divreiz."))
        keys.append(column.key)
    for column in sheet.columns:
        if column.required and column.key not in keys:
            raise ImportProblem(sheet.name, 1, column.header, _("trūkst kolonnas."))
    present = frozenset(key for key in keys if key is not None)
    for number, cells in enumerate(table[1:], start=2):
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key is not None}
        if any(value not in (None, "") and str(value).strip() for value in values.values()):
            yield Row(sheet, number, values, present)


# --- what each sheet's row says ------------------------------------------------------------

YES_NO = {"jā": True, "ja": True, "x": True, "1": True, "nē": False, "ne": False, "0": False}
_GROUP_KINDS = {"klase": GroupKind.CLASS, "kurss": GroupKind.COURSE, "grupa": GroupKind.GROUP}
_SUBJECT_KINDS = {
    "vispārizglītojošs": SubjectKind.GENERAL,
    "profesionālais": SubjectKind.PROFESSIONAL,
    "teorijas": SubjectKind.THEORY,
    "vispārizglītojošais": SubjectKind.GENERAL,
    "profesionāls": SubjectKind.PROFESSIONAL,
    "teorija": SubjectKind.THEORY,
}
_MARKS = {"10 ballēs": False, "ieskaitīts": True, "1–10": False, "1-10": False, "i/ni": True}
_GENDERS = {"v": Gender.MALE, "s": Gender.FEMALE, "vīrietis": Gender.MALE,
            "sieviete": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}  # fmt: skip
_COURSE_KINDS = {
    "klases": CourseKind.CLASS,
    "grupas": CourseKind.GROUP,
    "individuālais": CourseKind.INDIVIDUAL,
    "klase": CourseKind.CLASS,
    "grupa": CourseKind.GROUP,
    "individuāls": CourseKind.INDIVIDUAL,
}
_ROLE_WORDS = {
    "skolotājs": Role.TEACHER,
    "audzinātājs": Role.TUTOR,
    "koncertmeistars": Role.CONCERTMASTER,
    "lietvedis": Role.CLERK,
    "direktora vietnieks": Role.DEPUTY,
    "direktors": Role.DIRECTOR,
    "individuālā darba speciālists": Role.INDIVIDUAL_WORK,
}


def _roles(row: Row) -> frozenset[Role]:
    """The roles a cell names by the words above, the roles' full titles or their codes."""
    words: dict[str, Role] = {**_ROLE_WORDS, "vietnieks": Role.DEPUTY}
    words.update({label(role): role for role in _ROLE_WORDS.values()})
    words.update({role.value: role for role in _ROLE_WORDS.values()})
    parts = [part.strip() for part in re.split(r"[,;]", row.text("roles")) if part.strip()]
    return frozenset(row.pick("roles", part, words, _ROLE_WORDS) for part in parts)


@dataclass(frozen=True)
class YearRow:
    row: Row
    name: str
    dates: dict[str, dt.date | None]  # by column key; None where the file leaves it empty


@dataclass(frozen=True)
class HolidayRow:
    row: Row
    year: str
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class ClassRow:
    row: Row
    year: str  # "" for the import's year
    details: ClassDetails
    tutor: str  # a staff reference, "" for none


@dataclass(frozen=True)
class SubjectRow:
    row: Row
    details: SubjectDetails


@dataclass(frozen=True)
class StaffRow:
    row: Row
    details: StaffDetails
    username: str = ""  # finds a stored card without a personal code


@dataclass(frozen=True)
class GuardianRow:
    first_name: str
    last_name: str
    phone: str


@dataclass(frozen=True)
class StudentRow:
    row: Row
    class_name: str
    values: dict[str, object]  # StudentDetails' fields but the class and the guardians
    guardians: tuple[GuardianRow, ...]


@dataclass(frozen=True)
class CourseRow:
    row: Row
    year: str
    subject: str
    class_name: str
    name: str
    kind: CourseKind | None  # None: from the class and the students
    teacher: str
    concertmaster: str
    weekly_lessons: int
    descriptive: bool | None  # None: by the grade (1.–3. klase)
    students: tuple[str, ...]


def year_row(row: Row) -> YearRow:
    dates = {column.key: row.date(column.key) for column in YEAR.columns[1:]}
    return YearRow(row, row.text("name"), dates)


def holiday_row(row: Row) -> HolidayRow:
    start, end = row.date("start"), row.date("end")
    assert start is not None and end is not None  # (required)
    if end < start:
        raise row.problem("end", _("brīvdienu beigas ir pirms sākuma."))
    return HolidayRow(row, row.text("year"), row.text("name"), start, end)


def class_row(row: Row) -> ClassRow:
    grade = row.integer("grade", 1, MAX_GRADE)
    assert grade is not None  # (required)
    kind = row.choice("kind", _GROUP_KINDS, GroupKind.CLASS)
    details = ClassDetails(row.text("name"), grade, kind, row.text("programme"))
    return ClassRow(
        row, row.text("year"), row.checked("name", lambda: validate_class(details)),
        row.text("tutor"),
    )  # fmt: skip


def subject_row(row: Row) -> SubjectRow:
    details = SubjectDetails(
        row.text("name"),
        row.text("short_name"),
        row.choice("kind", _SUBJECT_KINDS, SubjectKind.GENERAL),
        row.choice("marks", _MARKS, False),
    )
    return SubjectRow(row, row.checked("name", lambda: validate_subject(details)))


def staff_row(row: Row) -> StaffRow:
    details = StaffDetails(
        row.checked("first_name", lambda: _name(row, "first_name")),
        row.checked("last_name", lambda: _name(row, "last_name")),
        _roles(row),
        row.personal_code("personal_code"),
        row.phone("phone"),
        row.text("email"),
        row.date("employed_from"),
        row.date("employed_until"),
    )
    checked = row.checked("email", lambda: validate_staff(details))
    return StaffRow(row, checked, row.text("username").lower())


def student_row(row: Row) -> StudentRow:
    values: dict[str, object] = {
        "first_name": row.checked("first_name", lambda: _name(row, "first_name")),
        "last_name": row.checked("last_name", lambda: _name(row, "last_name")),
        "personal_code": row.personal_code("personal_code"),
        "birth_date": row.date("birth_date"),
        "gender": row.choice("gender", _GENDERS, None),
        "phone": row.phone("phone"),
    }
    for key in ("declared_address", "actual_address", "programme", "id_document"):
        values[key] = row.text(key)
    values["id_document_issuer"] = row.text("id_document_issuer")
    values["id_document_date"] = row.date("id_document_date")
    values["admission_order"] = row.text("admission_order")
    values["admitted_on"] = row.date("admitted_on")
    guardians = []
    for number in (1, 2):
        first, last = row.text(f"g{number}_first"), row.text(f"g{number}_last")
        phone = row.phone(f"g{number}_phone")
        if first or last or phone:
            for key in (f"g{number}_first", f"g{number}_last"):
                row.checked(key, lambda key=key: _name(row, key))  # type: ignore[misc]
            guardians.append(GuardianRow(first, last, phone))
    return StudentRow(row, row.text("class"), values, tuple(guardians))


def course_row(row: Row) -> CourseRow:
    students = tuple(
        part.strip() for part in re.split(r"[;\n]", row.text("students")) if part.strip()
    )
    return CourseRow(
        row,
        row.text("year"),
        row.text("subject"),
        row.text("class"),
        row.text("name"),
        row.choice("kind", _COURSE_KINDS, None),
        row.text("teacher"),
        row.text("concertmaster"),
        row.integer("weekly_lessons", 0, MAX_WEEKLY_LESSONS) or 0,
        row.choice("descriptive", YES_NO, None),
        students,
    )


def _name(row: Row, key: str) -> str:
    text = row.text(key)
    if not text:
        raise DomainError(_("vērtība ir obligāta."))
    if not re.fullmatch(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*", text):
        raise DomainError(
            _("vārds un uzvārds jāraksta ar burtiem (nav «{name}»).").format(name=text)
        )
    return text


@dataclass(frozen=True)
class Workbook:
    """A file's rows, read and checked one by one (not yet against each other)."""

    years: tuple[YearRow, ...] = ()
    holidays: tuple[HolidayRow, ...] = ()
    classes: tuple[ClassRow, ...] = ()
    subjects: tuple[SubjectRow, ...] = ()
    staff: tuple[StaffRow, ...] = ()
    students: tuple[StudentRow, ...] = ()
    courses: tuple[CourseRow, ...] = ()
    ignored: tuple[str, ...] = ()  # sheets the format does not know

    @property
    def empty(self) -> bool:
        return not any(
            (self.years, self.holidays, self.classes, self.subjects, self.staff, self.students,
             self.courses)
        )  # fmt: skip


def read_workbook(tables: Mapping[str, Sequence[Sequence[Cell]]]) -> Workbook:
    """The rows of each known sheet of ``tables`` (sheet name → rows of cells)."""
    rows: dict[str, list[Row]] = {sheet.name: [] for sheet in SHEETS}
    ignored = []
    problems: list[ImportProblem] = []
    for name, table in tables.items():
        sheet = sheet_named(name)
        if sheet is not None:
            try:
                rows[sheet.name].extend(rows_of(sheet, table))
            except ImportProblem as problem:  # a header: the sheet's rows are not read
                problems.append(problem)
        elif fold(name) != fold(INSTRUCTIONS):
            ignored.append(name)

    def each(sheet: Sheet, reader: Callable[[Row], T]) -> tuple[T, ...]:
        read = []
        for row in rows[sheet.name]:
            try:
                read.append(reader(row))
            except ImportProblem as problem:  # every bad row is told at once
                problems.append(problem)
        return tuple(read)

    book = Workbook(
        years=each(YEAR, year_row),
        holidays=each(HOLIDAYS, holiday_row),
        classes=each(CLASSES, class_row),
        subjects=each(SUBJECTS, subject_row),
        staff=each(STAFF, staff_row),
        students=each(STUDENTS, student_row),
        courses=each(COURSES, course_row),
        ignored=tuple(ignored),
    )
    if problems:
        raise all_of(problems)
    _unique("name", [(r.row, fold(r.name)) for r in book.years])
    _unique("name", [(r.row, fold(f"{r.year}|{r.details.name}")) for r in book.classes])
    _unique("name", [(r.row, fold(r.details.name)) for r in book.subjects])
    _unique("personal_code", [(r.row, r.details.personal_code) for r in book.staff])
    _unique("personal_code", [(r.row, str(r.values["personal_code"])) for r in book.students])
    return book


def _unique(key: str, rows: Iterable[tuple[Row, str]]) -> None:
    """A thing the file names twice is a mistake: which of the two rows is meant?"""
    seen: dict[str, int] = {}
    for row, value in rows:
        if value and value in seen:
            raise row.problem(key, _("tas pats jau ir {row}. rindā.").format(row=seen[value]))
        seen.setdefault(value, row.number)


def reference(text: str) -> tuple[str, str]:
    """A reference to a person: (a normalised personal code, "") or ("", the folded text: a
    name, "Vārds Uzvārds" or "Uzvārds Vārds", or a login name)."""
    try:
        return normalize(text), ""
    except DomainError:
        return "", fold(text)


def name_keys(first: str, last: str) -> Iterable[str]:
    """The folded forms a name may be referred to by."""
    return (fold(f"{first} {last}"), fold(f"{last} {first}"))

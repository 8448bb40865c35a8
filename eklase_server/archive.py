"""A school year's archive (SPEC V7; G 10, M 24): one ZIP per school year that opens years
later with ordinary tools and without this software — the journal as JSON and as CSV per
table, the audit log, a README saying what each file is, and a manifest with the SHA-256 of
every file (``manifest.json``, and ``SHA256SUMS`` for ``sha256sum -c``). ``verify`` proves an
archive whole or names the file that is not."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, or_, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.report_period import PeriodKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.i18n import _
from eklase_desktop.models import SYNCED_TABLES, Base, SchoolYear, Staff
from eklase_desktop.reports.document import render
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.sync.archive_file import FORMAT, MANIFEST, SUMS
from eklase_server import __version__
from eklase_server.auth import User
from eklase_server.db import snapshot
from eklase_server.models import AuditEntry


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _value(value: Any) -> Any:
    """A column's value as JSON has it: ids, dates and times as ISO text."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def year_rows(session: Session, year: SchoolYear) -> dict[str, list[dict[str, Any]]]:
    """Every row of the school year, by table (parents first): the year, its semesters,
    holidays, classes and courses with all that was entered in them, the students taught
    and their parents, the staff and subjects they name, and the school's news of the
    year — every column, the private ones too (the archive is the school's record)."""
    first, last = year.first_day, year.last_day
    found: dict[str, list[dict[str, Any]]] = {}

    def take(name: str, *where: Any) -> list[dict[str, Any]]:
        table = _table(name)
        query = select(table).where(*where).order_by(*table.primary_key.columns)
        rows = [
            {key: _value(value) for key, value in row.items()}
            for row in session.execute(query).mappings()
        ]
        found[name] = rows
        return rows

    def ids(rows: Iterable[dict[str, Any]], key: str = "id") -> list[Any]:
        return sorted({uuid.UUID(row[key]) for row in rows if row.get(key)})

    t = _table
    take("school", t("school").c.id == year.school_id)
    take("school_year", t("school_year").c.id == year.id)
    take("semester", t("semester").c.school_year_id == year.id)
    take("holiday_period", t("holiday_period").c.school_year_id == year.id)
    classes = ids(take("class_group", t("class_group").c.school_year_id == year.id))
    courses_rows = take("course", t("course").c.school_year_id == year.id)
    courses = ids(courses_rows)
    enrolments = take("enrolment", t("enrolment").c.course_id.in_(courses))
    students = sorted(
        set(ids(enrolments, "student_id"))
        | set(
            session.scalars(
                select(t("student").c.id).where(t("student").c.class_group_id.in_(classes))
            )
        )
    )
    take("student", t("student").c.id.in_(students))
    take("guardian", t("guardian").c.student_id.in_(students))
    take(
        "student_order",
        t("student_order").c.student_id.in_(students),
        t("student_order").c.day.between(first, last),
    )
    take(
        "absence_note",
        t("absence_note").c.student_id.in_(students),
        t("absence_note").c.first_day <= last,
        t("absence_note").c.last_day >= first,
    )
    take(
        "monthly_statement",
        t("monthly_statement").c.student_id.in_(students),
        t("monthly_statement").c.month.between(first.strftime("%Y-%m"), last.strftime("%Y-%m")),
    )
    take("substitution", t("substitution").c.course_id.in_(courses))
    take("course_programme", t("course_programme").c.course_id.in_(courses))
    take("class_log_entry", t("class_log_entry").c.class_group_id.in_(classes))
    lessons = ids(take("lesson", t("lesson").c.course_id.in_(courses)))
    for name in ("assessment", "attendance", "mark"):
        take(name, t(name).c.lesson_id.in_(lessons))
    take("period_mark", t("period_mark").c.course_id.in_(courses))
    work = t("work_record")
    take(
        "work_record",
        work.c.day.between(first, last),
        or_(
            work.c.course_id.in_(courses),
            work.c.class_group_id.in_(classes),
            work.c.author_id.in_(
                select(t("staff").c.id).where(t("staff").c.school_id == year.school_id)
            ),
        ),
    )
    take("staff", t("staff").c.school_id == year.school_id)
    take("subject", t("subject").c.id.in_(ids(courses_rows, "subject_id")))
    take("news", t("news").c.school_id == year.school_id, t("news").c.day.between(first, last))
    take("school_rules", t("school_rules").c.school_id == year.school_id)  # as they are now
    checks = take(
        "journal_check",
        t("journal_check").c.school_id == year.school_id,
        t("journal_check").c.day.between(first, last),
    )
    take("journal_remark", t("journal_remark").c.check_id.in_(ids(checks)))
    take(
        "period_lock",
        t("period_lock").c.school_id == year.school_id,
        t("period_lock").c.start.between(first, last),
    )
    return {name: found[name] for name in SYNCED_TABLES}  # (in the tables' own order)


def audit_rows(session: Session, year: SchoolYear, courses: Sequence[str]) -> list[dict[str, Any]]:
    """The audit log of the year: every entry made between its first and last day, and any
    later one about its courses (a correction after the year ended)."""
    start = dt.datetime.combine(year.first_day, dt.time())
    end = dt.datetime.combine(year.last_day + dt.timedelta(days=1), dt.time())
    query = (
        select(AuditEntry.__table__)
        .where(
            or_(
                AuditEntry.at.between(start, end),
                AuditEntry.course_id.in_([uuid.UUID(key) for key in courses]),
            )
        )
        .order_by(AuditEntry.id)
    )
    return [
        {key: _value(value) for key, value in row.items()}
        for row in session.execute(query).mappings()
    ]


def _csv(rows: list[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 with a byte order mark, so that a spreadsheet shows the Latvian letters."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ("true" if value else "false") if isinstance(value, bool) else _text(value)
                for value in (row.get(column) for column in columns)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode()


README = """E-klase mācību gada arhīvs — {school}, {year}
Izveidots {created} (UTC) ar E-klase serveri {version}.

Šis ir skolas E-klases žurnālu arhīvs elektroniskai glabāšanai; glabājiet to datu nesējā
atbilstoši skolas lietu nomenklatūrai. Tas ir parasts ZIP fails, ko var atvērt bez šīs
programmas:

  data/<tabula>.json   visas mācību gada rindas (JSON, UTF-8)
  data/<tabula>.csv    tās pašas rindas izklājlapai (CSV, UTF-8 ar BOM, komats kā atdalītājs)
  lasams/zurnals.csv   katra atzīme un kavējums vienā rindā ar vārdiem, bez identifikatoriem:
                       datums, klase, priekšmets, skolotājs, skolēns, vērtējums, kavējums
  lasams/perioda_vertejumi.csv  semestru, gada, eksāmenu vērtējumi tāpat
  audit/audit_entry.*  izmaiņu žurnāls: kas, kad, no kā uz ko mainīja (servera laiks, UTC)
  pdf/<klase>/         klases dokumenti par visu gadu (PDF): mācību sasniegumu kopsavilkuma
                       žurnāls, liecības, sekmju izraksti, klases sekmju kopsavilkums
  pdf/skolotaji/       katra kursa skolotāja atskaite par gadu (PDF)
  manifest.json        katra faila izmērs un SHA-256 kontrolsumma
  SHA256SUMS           tās pašas kontrolsummas: `sha256sum -c SHA256SUMS` pārbauda veselumu
  README.txt           šis fails

Tabulas:
{tables}

Nav izdrukāts (iemesls):
{not_printed}
Identifikatori (id, *_id) ir UUID; datumi — GGGG-MM-DD; laiki — ISO 8601 (UTC). Katrai
rindai ir `version` (servera versija) un `deleted` (dzēsta rinda, saglabāta vēsturei).
Vērtējumi: 1–10 balles; «i»/«ni» — ieskaitīts/neieskaitīts; «S», «T», «A», «P» (1.–3. klasē)
— sācis apgūt, turpina apgūt, apguvis, apguvis padziļināti; procenti; «nv» — nav vērtējuma;
«atb» — atbrīvots; «a» — atbrīvots ar ārsta zīmi. Perioda vērtējumi (`period`): S1, S2 —
semestri, Y — gads, E — eksāmens, P — pēcpārbaudījums, YC — labotais gada vērtējums,
MGGGG-MM — mēnesis.
Apmeklējums (`presence`): «n» — nebija, «k» — kavēja; attaisnojums (`justification`):
«s» — slimības dēļ, «c» — cits attaisnots iemesls.
"""

TABLE_NOTES = {
    "school": "skola",
    "school_year": "mācību gads",
    "semester": "semestri",
    "holiday_period": "brīvlaiki",
    "staff": "darbinieki",
    "subject": "mācību priekšmeti",
    "class_group": "klases un grupas",
    "student": "izglītojamie (ar personas datiem)",
    "guardian": "vecāki (likumiskie pārstāvji)",
    "student_order": "rīkojumi (uzņemšana, pārcelšana, atskaitīšana)",
    "absence_note": "kavējumu attaisnojošās zīmes",
    "monthly_statement": "mēneša sekmju izrakstu uzskaite",
    "course": "kursi (priekšmets klasei vai grupai, skolotājs)",
    "enrolment": "kursu dalībnieki",
    "substitution": "aizvietošanas",
    "course_programme": "semestra programmas",
    "class_log_entry": "klases žurnāla ieraksti (sarunas, instruktāžas, uzvedība)",
    "lesson": "stundas (datums, tēma, mājas darbs)",
    "assessment": "pārbaudes darbi",
    "attendance": "apmeklējums",
    "mark": "vērtējumi stundās",
    "period_mark": "perioda vērtējumi (semestris, gads, eksāmens)",
    "work_record": "darba uzskaite (koncertmeistari, prakse, individuālais darbs)",
    "news": "skolas jaunumi",
    "school_rules": "skolas noteikumi (vērtējumu skaits, kritums, kavējumu robeža)",
    "journal_check": "žurnālu pārbaudes",
    "journal_remark": "žurnālu pārbaužu piezīmes skolotājiem un to izpilde",
    "period_lock": "slēgtie periodi (mēneši, semestri) un to atvēršana",
}


@dataclass(frozen=True)
class Built:
    path: Path
    files: int
    rows: int


def _slug(text: str) -> str:
    plain = text.translate(str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ"))
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower() or "skola"


# the statutory documents of each class, and of each course (SPEC V5, V6, P1, P3, P4)
CLASS_DOCUMENTS = (
    (ReportKind.ACHIEVEMENTS, "kopsavilkuma-zurnals"),
    (ReportKind.REPORT_CARD, "liecibas"),
    (ReportKind.STATEMENT, "sekmju-izraksti"),
    (ReportKind.CLASS_SUMMARY, "klases-sekmju-kopsavilkums"),
)


def readable(rows: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """The journal as a person reads it in a spreadsheet, names instead of ids: every mark
    and absence of a lesson on a row of its own, and every period mark."""

    def by_id(table: str) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in rows[table] if not row.get("deleted")}

    lessons, courses, subjects = by_id("lesson"), by_id("course"), by_id("subject")
    groups, staff, students = by_id("class_group"), by_id("staff"), by_id("student")

    def person(row: dict[str, Any] | None) -> str:
        return f"{row['last_name']} {row['first_name']}" if row else ""

    def about(course_id: str, student_id: str) -> list[str]:
        course = courses.get(course_id, {})
        student = students.get(student_id)
        group = groups.get(course.get("class_group_id") or "") or groups.get(
            (student or {}).get("class_group_id") or ""
        )
        return [
            (group or {}).get("name", ""),
            subjects.get(course.get("subject_id") or "", {}).get("name", ""),
            course.get("name", ""),
            person(staff.get(course.get("teacher_id") or "")),
            person(student),
        ]

    cells: dict[tuple[str, str], dict[str, str]] = {}
    for table in ("mark", "attendance"):
        for row in rows[table]:
            if row.get("deleted") or row["lesson_id"] not in lessons:
                continue
            cell = cells.setdefault((row["lesson_id"], row["student_id"]), {})
            if table == "mark":
                cell["mark"] = row["value"]
            elif row["presence"]:
                cell["absence"] = row["presence"] + (
                    row["justification"] if row["presence"] == "n" else ""
                )
    journal = []
    for (lesson_id, student_id), cell in cells.items():
        lesson = lessons[lesson_id]
        journal.append(
            [
                lesson["date"],
                *about(lesson["course_id"], student_id),
                cell.get("mark", ""),
                cell.get("absence", ""),
                lesson.get("topic", ""),
            ]
        )
    journal.sort(key=lambda line: (line[0], line[1], line[3], line[5]))
    period_marks = sorted(
        (
            [*about(row["course_id"], row["student_id"]), row["period"], row["value"]]
            for row in rows["period_mark"]
            if not row.get("deleted")
        ),
        key=lambda line: (line[0], line[4], line[1], line[5]),
    )
    header = ["klase", "priekšmets", "kurss", "skolotājs", "skolēns"]
    return {
        "lasams/zurnals.csv": _plain_csv(
            ["datums", *header, "vērtējums", "kavējums", "stundas tēma"], journal
        ),
        "lasams/perioda_vertejumi.csv": _plain_csv([*header, "periods", "vērtējums"], period_marks),
    }


def _plain_csv(header: list[str], lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue().encode("utf-8-sig")


def statutory_pdfs(
    session: Session, year: SchoolYear, rows: dict[str, list[dict[str, Any]]], read_at: dt.datetime
) -> tuple[dict[str, bytes], list[str]]:
    """The year's documents as the desktop prints them, read from this database: per class
    the summary journal, the report cards, the year's grade statements and the class summary;
    per course the teacher's report. Also what could not be printed, and why."""
    # on the archive's own connection: its transaction reads one state of the database (and
    # an SQLite server's transaction holds the database: a second would wait for it)
    factory = sessionmaker(
        session.connection(), expire_on_commit=False, info={"data_as_of": read_at}
    )
    archivist = Actor(uuid.UUID(int=0), "arhivs", "Arhīvs", frozenset({Role.DEPUTY}))
    whole_year = PeriodChoice(PeriodKind.YEAR)
    requests: list[tuple[str, ReportRequest]] = []
    for group in sorted(rows["class_group"], key=lambda row: latvian_sort_key(row["name"])):
        if group["deleted"]:
            continue
        for kind, name in CLASS_DOCUMENTS:
            request = ReportRequest(kind, whole_year, class_ids=(uuid.UUID(group["id"]),))
            requests.append((f"pdf/{_slug(group['name'])}/{name}.pdf", request))
    for course in sorted(rows["course"], key=lambda row: latvian_sort_key(row["name"])):
        if not course["deleted"]:
            request = ReportRequest(
                ReportKind.TEACHER, whole_year, course_id=uuid.UUID(course["id"])
            )
            requests.append((f"pdf/skolotaji/{_slug(course['name'])}.pdf", request))
    files: dict[str, bytes] = {}
    skipped: list[str] = []
    for path, request in requests:
        try:
            files[path] = render(build_report(factory, archivist, request))
        except DomainError as error:  # (a class with no students, a course with no lessons)
            skipped.append(f"{path}: {error.message}")
    return files, skipped


def build(session: Session, year: SchoolYear, out: Path, version: str) -> Built:
    """Writes the year's ZIP into the folder ``out`` (created if need be)."""
    rows = year_rows(session, year)
    school = rows["school"][0]["name"] if rows["school"] else ""
    files: dict[str, bytes] = {}
    for name, table_rows in rows.items():
        columns = [column.name for column in _table(name).columns]
        files[f"data/{name}.json"] = _json(table_rows)
        files[f"data/{name}.csv"] = _csv(table_rows, columns)
    files.update(readable(rows))
    audit = audit_rows(session, year, [row["id"] for row in rows["course"]])
    audit_columns = [column.name for column in AuditEntry.__table__.columns]
    files["audit/audit_entry.json"] = _json(audit)
    files["audit/audit_entry.csv"] = _csv(audit, audit_columns)
    created = clock.utc_naive().replace(microsecond=0)
    pdfs, skipped = statutory_pdfs(session, year, rows, clock.now().replace(microsecond=0))
    files.update(pdfs)
    tables = "\n".join(
        f"  {name:<18} {TABLE_NOTES.get(name, '')} ({len(table_rows)})"
        for name, table_rows in rows.items()
    )
    not_printed = "".join(f"  {line}\n" for line in skipped) or "  –\n"
    files["README.txt"] = README.format(
        school=school,
        year=year.name,
        created=created.isoformat(),
        version=version,
        tables=tables,
        not_printed=not_printed,
    ).encode()
    listed = [
        {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for path, data in files.items()
    ]
    manifest = {
        "format": FORMAT,
        "school": school,
        "school_year": year.name,
        "first_day": year.first_day.isoformat(),
        "last_day": year.last_day.isoformat(),
        "created_at": created.isoformat(),
        "server_version": version,
        "files": listed,
    }
    files[MANIFEST] = _json(manifest)
    files[SUMS] = "".join(f"{item['sha256']}  {item['path']}\n" for item in listed).encode()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"eklase-arhivs-{_slug(school)}-{_slug(year.name)}.zip"
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    partial.chmod(0o600)  # personal data: its owner's, like the database
    partial.replace(path)  # a whole archive or none
    return Built(path, len(files), sum(len(table_rows) for table_rows in rows.values()))


def archive_for(engine: Engine, user: User, school_year_id: uuid.UUID, out: Path) -> Built:
    """The year's archive for the deputy director who asks for it from the app (SPEC V7):
    of the user's own school, read from a snapshot. Raises PermissionDenied."""
    if Role.DEPUTY not in user.roles:
        raise PermissionDenied(_("Mācību gadu arhivē direktora vietnieks."))
    with snapshot(engine) as session:
        year = session.get(SchoolYear, school_year_id)
        staff = session.get(Staff, user.staff_id) if user.staff_id else None
        if year is None or year.deleted or staff is None or staff.school_id != year.school_id:
            raise PermissionDenied(_("Mācību gads nav atrasts."))
        return build(session, year, out, __version__)

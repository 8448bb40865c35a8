"""``eklase-desktop report``: a report from the local cache (or the demo school) to a PDF, with
no window, for clerks who print many at once (issue: reports, SPEC P1–P8)."""

from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop import i18n
from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.names import full_name
from eklase_desktop.domain.report_period import (
    PeriodKind,
    parse_day,
    parse_month,
    previous_month,
    range_period,
)
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import ClassGroup, Course, Staff, Student
from eklase_desktop.models.cache import open_cache
from eklase_desktop.paths import data_dir, existing_profiles, profile_path
from eklase_desktop.reports.document import render
from eklase_desktop.services.actor import Actor, load_actor
from eklase_desktop.services.classes import CLASS_READERS, kept_classes
from eklase_desktop.services.journal import current_year
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.sync.account import open_profile

DEMO_REPORTER = "vietnieks"  # the demo school's deputy director reads every class


def build_parser() -> argparse.ArgumentParser:
    kinds = "\n".join(f"  {kind.value:15} {kind.title}" for kind in ReportKind)
    parser = argparse.ArgumentParser(
        prog="eklase-desktop report",
        description="Build a report from this computer's journal cache as an A4 PDF.",
        epilog=f"kinds:\n{kinds}\n\nexample:\n  eklase-desktop report statement --class 7.a "
        "--month 2026-10 --out 7a-oktobris.pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("kind", choices=[kind.value for kind in ReportKind], metavar="KIND")
    parser.add_argument(
        "--class",
        dest="classes",
        action="append",
        default=[],
        metavar="CLASS",
        help="class name (7.a) or id; repeat for several; 'all' for every class",
    )
    parser.add_argument("--course", help="course name (Matemātika 7.a) or id (teacher report)")
    parser.add_argument("--student", help="student 'Surname Name', personal code or id")
    period = parser.add_mutually_exclusive_group()
    period.add_argument("--month", metavar="YYYY-MM", help="a calendar month")
    period.add_argument("--semester", type=int, choices=(1, 2), help="semester 1 or 2")
    period.add_argument("--year", action="store_true", help="the whole school year")
    period.add_argument("--from", dest="start", metavar="DATE", help="first day (with --to)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day (with --from)")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write")
    parser.add_argument("--demo", action="store_true", help="use the demo school")
    parser.add_argument("--user", help="the profile (user name) whose cache to read")
    parser.add_argument("--data-dir", help="where profiles are kept")
    parser.add_argument("--lang", choices=["lv", "en"], default="lv", help="report language")
    return parser


def period_choice(args: argparse.Namespace, kind: ReportKind) -> PeriodChoice:
    """The period the options ask for; by default the previous month (SPEC T7), the whole
    year for report cards and the summary journal."""
    if args.end and not args.start:
        raise DomainError(_("--to lieto kopā ar --from."))
    if args.start:
        end = parse_day(args.end) if args.end else clock.today()
        return PeriodChoice.of(range_period(parse_day(args.start), end))
    if args.month:
        return PeriodChoice.of(parse_month(args.month))
    if args.semester:
        return PeriodChoice(PeriodKind.SEMESTER, semester=args.semester)
    if args.year or kind in (ReportKind.REPORT_CARD, ReportKind.ACHIEVEMENTS) or kind.whole_year:
        return PeriodChoice(PeriodKind.YEAR)
    return PeriodChoice.of(previous_month(clock.today()))


_NOT_FOUND = {
    "class": N_("Klase «{text}» nav atrasta."),
    "course": N_("Kurss «{text}» nav atrasts."),
    "student": N_("Skolēns «{text}» nav atrasts."),
}
_AMBIGUOUS = N_("«{text}» atbilst vairākiem ierakstiem: norādiet id.")


def _one(found: Sequence[uuid.UUID], what: str, text: str) -> uuid.UUID:
    if len(found) == 1:
        return found[0]
    message = _(_NOT_FOUND[what]) if not found else _(_AMBIGUOUS)
    raise DomainError(message.format(text=text))


def _as_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def find_classes(session: Session, actor: Actor, names: list[str]) -> tuple[uuid.UUID, ...]:
    kept = kept_classes(session, actor, CLASS_READERS)
    if "all" in names:  # every class of the school year under way (not the years before)
        school = session.scalar(select(Staff.school_id).where(Staff.id == actor.staff_id))
        year = current_year(session, school, clock.today())
        this_year = set(
            session.scalars(select(ClassGroup.id).where(ClassGroup.school_year_id == year.id))
        )
        return tuple(class_id for class_id, _name in kept if class_id in this_year)
    found = []
    for text in names:
        wanted = _as_id(text)
        matches = [
            class_id
            for class_id, name in kept
            if class_id == wanted or name.casefold() == text.strip().casefold()
        ]
        found.append(_one(matches, "class", text))
    return tuple(found)


def find_course(session: Session, text: str) -> uuid.UUID:
    wanted = _as_id(text)
    rows = session.execute(select(Course.id, Course.name).where(Course.deleted.is_(False)))
    matches = [row.id for row in rows if row.id == wanted or row.name.casefold() == text.casefold()]
    return _one(matches, "course", text)


def find_student(session: Session, text: str, class_ids: Sequence[uuid.UUID] = ()) -> uuid.UUID:
    """The student by id, personal code or name (within ``class_ids`` when given)."""
    wanted = _as_id(text)
    query = select(Student.id, Student.first_name, Student.last_name, Student.personal_code)
    query = query.where(Student.deleted.is_(False))
    if class_ids:
        query = query.where(Student.class_group_id.in_(class_ids))
    name = " ".join(text.split()).casefold()
    matches = [
        row.id
        for row in session.execute(query)
        if row.id == wanted
        or name
        in (
            full_name(row.first_name, row.last_name).casefold(),
            (row.personal_code or "").casefold(),
        )
    ]
    return _one(matches, "student", text)


def _open(args: argparse.Namespace, scratch: Path) -> tuple[sessionmaker[Session], Actor]:
    if args.demo:
        from eklase_desktop.demo import generate_demo_school

        factory = open_cache(scratch / "demo.sqlite")
        with factory.begin() as session:
            generate_demo_school(session)
        return factory, load_actor(factory, args.user or DEMO_REPORTER)
    base = data_dir(args.data_dir)
    profiles = existing_profiles(base)
    profile = args.user or (profiles[0] if len(profiles) == 1 else None)
    if profile is not None and profile not in profiles:
        raise DomainError(
            _("Profila «{user}» šajā datorā nav (ir: {profiles}).").format(
                user=profile, profiles=", ".join(profiles) or "–"
            )
        )
    if profile is None:
        raise DomainError(
            _("Norādiet profilu ar --user ({profiles}).").format(
                profiles=", ".join(profiles) or _("šajā datorā profilu nav")
            )
        )
    factory = open_profile(profile_path(base, profile), profile, _password(profile))
    return factory, load_actor(factory, profile)  # a profile is named after its user


def _password(profile: str) -> str:
    """The profile's password: asked for, unseen, on a terminal; else the first line of
    standard input (``… report … --user X < parole.txt`` in a script)."""
    if sys.stdin.isatty():
        password = getpass.getpass(_("{user} parole: ").format(user=profile))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise DomainError(
            _(
                "Nav norādīta profila «{user}» parole (ievadiet to vai padodiet standarta ievadē)."
            ).format(user=profile)
        )
    return password


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    i18n.set_language(args.lang)
    kind = ReportKind(args.kind)
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="eklase-report-", ignore_cleanup_errors=True) as tmp:
        factory = None
        try:
            factory, actor = _open(args, Path(tmp))
            document = build_report(factory, actor, _request(factory, actor, args, kind))
            out.write_bytes(render(document))
        except DomainError as error:
            print(f"eklase-desktop report: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            message = _("Failu «{path}» nevar saglabāt: {reason}")
            print(f"eklase-desktop report: {message.format(path=out, reason=error.strerror)}",
                  file=sys.stderr)  # fmt: skip
            return 2
        finally:
            if factory is not None:
                factory.kw["bind"].dispose()  # the scratch cache closes before it is removed
    print(f"{kind.title} — {document.subtitle}: {out}")
    return 0


def _request(
    factory: sessionmaker[Session], actor: Actor, args: argparse.Namespace, kind: ReportKind
) -> ReportRequest:
    with factory() as session:
        classes = find_classes(session, actor, args.classes) if args.classes else ()
        return ReportRequest(
            kind,
            period_choice(args, kind),
            class_ids=classes,
            course_id=find_course(session, args.course) if args.course else None,
            student_id=find_student(session, args.student, classes) if args.student else None,
        )

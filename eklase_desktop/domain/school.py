"""The school's set-up as the clerk and the deputy keep it (SPEC C1, V4; DOMAIN: school
set-up): classes, courses and groups; subjects. Each is checked here before it is stored or
sent, with a Latvian message naming what is wrong."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import CourseKind, SubjectKind
from eklase_desktop.domain.personal_code import birth_date, normalize
from eklase_desktop.domain.phone import normalize_phone
from eklase_desktop.domain.roles import Role, label
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import N_, _

MAX_GRADE = 12
MAX_CLASS_NAME = 50
MAX_PROGRAMME = 200
MAX_SUBJECT_NAME = 150
MAX_SHORT_NAME = 20


class InvalidSetUp(DomainError):
    """A class, subject or year the clerk entered is not valid; nothing was saved."""


class GroupKind(enum.StrEnum):
    """Klase (general school), kurss (music school) or grupa (part of a class)."""

    CLASS = "class"
    COURSE = "course"
    GROUP = "group"

    @property
    def label(self) -> str:
        return _(_GROUP_LABELS[self])


_GROUP_LABELS = {
    GroupKind.CLASS: N_("klase"),
    GroupKind.COURSE: N_("kurss"),
    GroupKind.GROUP: N_("grupa"),
}


def subject_kind_label(kind: SubjectKind) -> str:
    labels = {
        SubjectKind.GENERAL: N_("vispārizglītojošs"),
        SubjectKind.PROFESSIONAL: N_("profesionālais"),
        SubjectKind.THEORY: N_("teorijas"),
    }
    return _(labels[kind])


@dataclass(frozen=True)
class ClassDetails:
    """A class, course or group of one school year, with its tutor (audzinātājs)."""

    name: str
    grade: int
    kind: GroupKind = GroupKind.CLASS
    programme: str = ""


@dataclass(frozen=True)
class SubjectDetails:
    """A subject: its name, the short name the journal grid shows, its kind (the ``atb``
    rule and the semester programme rule go by it, SPEC J10–J11) and its mark form."""

    name: str
    short_name: str = ""
    kind: SubjectKind = SubjectKind.GENERAL
    pass_fail: bool = False  # marks are i/ni, not 1–10


_CLASS_NAME = re.compile(r"^[0-9A-Za-zĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž .\-/()]+$")


def validate_class(details: ClassDetails) -> ClassDetails:
    """The class with its texts trimmed; raises InvalidSetUp with a message."""
    cleaned = replace(
        details, name=" ".join(details.name.split()), programme=details.programme.strip()
    )
    if not cleaned.name:
        raise InvalidSetUp(_("Norādiet klases nosaukumu (piemēram, 7.a)."))
    if len(cleaned.name) > MAX_CLASS_NAME or not _CLASS_NAME.match(cleaned.name):
        raise InvalidSetUp(
            _(
                "Klases nosaukums «{name}» nav derīgs: lietojiet burtus, ciparus, punktu un "
                "atstarpes (piemēram, 7.a vai 2. kurss)."
            ).format(name=cleaned.name[:MAX_CLASS_NAME])
        )
    if not 1 <= cleaned.grade <= MAX_GRADE:
        raise InvalidSetUp(
            _("Klasei jābūt no 1. līdz {last}. (norādīta {grade}.).").format(
                last=MAX_GRADE, grade=cleaned.grade
            )
        )
    if len(cleaned.programme) > MAX_PROGRAMME:
        raise InvalidSetUp(
            _("Izglītības programma: ne vairāk kā {count} rakstzīmes.").format(count=MAX_PROGRAMME)
        )
    return cleaned


def validate_subject(details: SubjectDetails) -> SubjectDetails:
    """The subject with its texts trimmed (a short name from the name if none is given);
    raises InvalidSetUp with a message."""
    name = " ".join(details.name.split())
    short = " ".join(details.short_name.split()) or name[:MAX_SHORT_NAME]
    if not name:
        raise InvalidSetUp(_("Norādiet mācību priekšmeta nosaukumu."))
    if len(name) > MAX_SUBJECT_NAME:
        raise InvalidSetUp(
            _("Priekšmeta nosaukums: ne vairāk kā {count} rakstzīmes.").format(
                count=MAX_SUBJECT_NAME
            )
        )
    if len(short) > MAX_SHORT_NAME:
        raise InvalidSetUp(
            _("Īsais nosaukums: ne vairāk kā {count} rakstzīmes.").format(count=MAX_SHORT_NAME)
        )
    return replace(details, name=name, short_name=short)


CLASS_FIELDS = ("name", "grade", "kind", "programme", "tutor_id", "deleted")
SUBJECT_FIELDS = ("name", "short_name", "kind", "pass_fail", "deleted")


def class_texts(
    details: ClassDetails, tutor_id: uuid.UUID | None, deleted: bool = False
) -> dict[str, str | None]:
    """A class's fields as the wire text merges compare (``class_group.set``'s base)."""
    values = {**vars(details), "tutor_id": tutor_id, "deleted": deleted}
    return {name: wire_text(values[name]) for name in CLASS_FIELDS}


def subject_texts(details: SubjectDetails, deleted: bool = False) -> dict[str, str | None]:
    """A subject's fields as wire text (``subject.set``'s base)."""
    values = {**vars(details), "deleted": deleted}
    return {name: wire_text(values[name]) for name in SUBJECT_FIELDS}


# --- staff cards (SPEC V4, D1, A2) ------------------------------------------------------

MAX_PERSON_NAME = 100
MAX_EMAIL = 200
# Roles a staff card may hold (a student or parent is not staff)
STAFF_ROLES = frozenset(Role) - {Role.STUDENT, Role.PARENT}
# What only the deputy director grants: the administrators' own roles (DOMAIN: roles)
ADMINISTRATORS = frozenset({Role.DEPUTY, Role.DIRECTOR, Role.CLERK})
STAFF_FIELDS = (
    "first_name",
    "last_name",
    "personal_code",
    "phone",
    "email",
    "roles",
    "employed_from",
    "employed_until",
    "deleted",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


@dataclass(frozen=True)
class StaffDetails:
    """A staff card (darbinieka kartīte, SPEC V4): the person, the roles, the employment."""

    first_name: str
    last_name: str
    roles: frozenset[Role]
    personal_code: str = ""
    phone: str = ""
    email: str = ""
    employed_from: dt.date | None = None
    employed_until: dt.date | None = None  # the last day: the account is revoked after it


def validate_staff(details: StaffDetails) -> StaffDetails:
    """The card with its values in their stored form (``+371 …``, ``DDMMYY-NNNNN``);
    raises InvalidSetUp (or the personal code's and the phone's own errors)."""
    first, last = _person_name(details.first_name), _person_name(details.last_name)
    if not details.roles:
        raise InvalidSetUp(_("Darbiniekam jābūt vismaz vienai lomai."))
    if not details.roles <= STAFF_ROLES:
        raise InvalidSetUp(_("Skolēns vai vecāks nav darbinieka loma."))
    code = normalize(details.personal_code) if details.personal_code.strip() else ""
    phone = normalize_phone(details.phone) if details.phone.strip() else ""
    email = details.email.strip().lower()
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise InvalidSetUp(_("E-pasta adrese «{email}» nav derīga.").format(email=email))
    start, end = details.employed_from, details.employed_until
    if start is not None and end is not None and end < start:
        raise InvalidSetUp(_("Darba attiecību beigas ir pirms to sākuma."))
    return replace(
        details, first_name=first, last_name=last, personal_code=code, phone=phone, email=email
    )


def check_grant(granter: frozenset[Role], before: frozenset[Role], after: frozenset[Role]) -> None:
    """Only the deputy director gives or takes the administrators' roles (the clerk keeps
    the teachers' cards, DOMAIN: roles)."""
    changed = before ^ after
    if changed & ADMINISTRATORS and Role.DEPUTY not in granter:
        names = ", ".join(sorted(label(role) for role in changed & ADMINISTRATORS))
        raise InvalidSetUp(
            _("Lomu «{roles}» piešķir tikai direktora vietnieks.").format(roles=names)
        )


def roles_text(roles: frozenset[Role]) -> str:
    """The stored form: the roles' values in a fixed order, comma-separated."""
    return ",".join(role.value for role in Role if role in roles)


def staff_texts(details: StaffDetails, deleted: bool = False) -> dict[str, str | None]:
    """A staff card's fields as wire text (``staff.set``'s base)."""
    values = {**vars(details), "roles": roles_text(details.roles), "deleted": deleted}
    return {name: wire_text(values[name]) or None for name in STAFF_FIELDS}


_FOLDED = str.maketrans("āčēģīķļņšūž", "acegiklnsuz")


def login_name(first: str, last: str, taken: Collection[str]) -> str:
    """The login by the name rule (DOMAIN: school set-up): ``firstname.lastname``, lower
    case, Latvian letters folded, a digit added on a clash (``anna.liepa2``)."""

    def part(text: str) -> str:
        folded = text.strip().lower().translate(_FOLDED)
        return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")

    base = f"{part(first)}.{part(last)}"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    return name


# --- student cards (SPEC D1, C1–C2) -----------------------------------------------------

MAX_ADDRESS = 300
STUDENT_FIELDS = (
    "class_group_id",
    "first_name",
    "last_name",
    "personal_code",
    "birth_date",
    "gender",
    "phone",
    "declared_address",
    "actual_address",
    "programme",
    "id_document",
    "id_document_issuer",
    "id_document_date",
    "admission_order",
    "admitted_on",
    "guardians",
    "deleted",
)


class Gender(enum.StrEnum):
    """As stored (the demo school and VIIS exports write M and F)."""

    MALE = "M"
    FEMALE = "F"

    @property
    def label(self) -> str:
        return _("vīrietis") if self is Gender.MALE else _("sieviete")


@dataclass(frozen=True)
class GuardianDetails:
    """A parent or other legal representative (SPEC D1, M 13); ``id`` is the row's."""

    id: uuid.UUID
    first_name: str
    last_name: str
    phone: str = ""


@dataclass(frozen=True)
class StudentDetails:
    """A student card (skolēna kartīte, SPEC D1, M 12.1–12.17)."""

    first_name: str
    last_name: str
    personal_code: str
    class_group_id: uuid.UUID | None = None
    birth_date: dt.date | None = None  # from an old-format code when not given
    gender: Gender | None = None
    phone: str = ""
    declared_address: str = ""
    actual_address: str = ""
    programme: str = ""
    id_document: str = ""
    id_document_issuer: str = ""
    id_document_date: dt.date | None = None
    admission_order: str = ""  # number of the admission order (SPEC C2)
    admitted_on: dt.date | None = None
    guardians: tuple[GuardianDetails, ...] = ()


def validate_student(details: StudentDetails) -> StudentDetails:
    """The card in its stored form; raises InvalidSetUp (or the personal code's and the
    phones' own errors) with a Latvian message."""
    first, last = _person_name(details.first_name), _person_name(details.last_name)
    if not details.personal_code.strip():
        raise InvalidSetUp(_("Skolēnam jānorāda personas kods."))
    code = normalize(details.personal_code)
    born = birth_date(code)
    if born is not None and details.birth_date not in (None, born):
        raise InvalidSetUp(_("Dzimšanas datums neatbilst personas kodam."))
    texts = {
        "declared_address": (details.declared_address, MAX_ADDRESS, N_("Deklarētā adrese")),
        "actual_address": (details.actual_address, MAX_ADDRESS, N_("Faktiskā adrese")),
        "programme": (details.programme, MAX_PROGRAMME, N_("Izglītības programma")),
        "id_document": (details.id_document, 30, N_("Personu apliecinošs dokuments")),
        "id_document_issuer": (details.id_document_issuer, 100, N_("Izdevējs")),
        "admission_order": (details.admission_order, 50, N_("Uzņemšanas rīkojums")),
    }
    cleaned = {}
    for name, (value, limit, title) in texts.items():
        cleaned[name] = " ".join(value.split())
        if len(cleaned[name]) > limit:
            message = _("{field}: ne vairāk kā {count} rakstzīmes.")
            raise InvalidSetUp(message.format(field=_(title), count=limit))
    if cleaned["admission_order"] and details.admitted_on is None:
        raise InvalidSetUp(_("Uzņemšanas rīkojumam norādiet datumu."))
    guardians = tuple(
        replace(
            guardian,
            first_name=_person_name(guardian.first_name),
            last_name=_person_name(guardian.last_name),
            phone=normalize_phone(guardian.phone) if guardian.phone.strip() else "",
        )
        for guardian in details.guardians
    )
    phone = normalize_phone(details.phone) if details.phone.strip() else ""
    return replace(
        details,
        first_name=first,
        last_name=last,
        personal_code=code,
        birth_date=born or details.birth_date,
        phone=phone,
        guardians=guardians,
        declared_address=cleaned["declared_address"],
        actual_address=cleaned["actual_address"],
        programme=cleaned["programme"],
        id_document=cleaned["id_document"],
        id_document_issuer=cleaned["id_document_issuer"],
        admission_order=cleaned["admission_order"],
    )


def _person_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > MAX_PERSON_NAME or not _NAME.match(name):
        message = _("Vārds un uzvārds jāraksta ar burtiem (nav «{name}»).")
        raise InvalidSetUp(message.format(name=name))
    return name


def guardians_text(guardians: tuple[GuardianDetails, ...]) -> str:
    """The guardians as one field's wire text (they merge as one)."""
    rows = sorted([str(g.id), g.first_name, g.last_name, g.phone] for g in guardians)
    return json.dumps(rows, ensure_ascii=False)


def guardians_from(text: str | None) -> tuple[GuardianDetails, ...]:
    return tuple(
        GuardianDetails(uuid.UUID(key), first, last, phone)
        for key, first, last, phone in json.loads(text or "[]")
    )


def student_texts(details: StudentDetails, deleted: bool = False) -> dict[str, str | None]:
    """A student card's fields as wire text (``student.set``'s base)."""
    values = {**vars(details), "guardians": guardians_text(details.guardians), "deleted": deleted}
    return {name: wire_text(values[name]) or None for name in STUDENT_FIELDS}


# --- courses: tarifikācija (SPEC C5, J18) -----------------------------------------------

MAX_COURSE_NAME = 200
MAX_WEEKLY_LESSONS = 40
# (stored in this order: the students, enrolments of their own, after the course's columns)
COURSE_FIELDS = (
    "name",
    "subject_id",
    "kind",
    "class_group_id",
    "teacher_id",
    "concertmaster_id",
    "weekly_lessons",
    "descriptive",
    "students",
    "deleted",
)


@dataclass(frozen=True)
class CourseDetails:
    """A course (the journal unit): a subject taught to a class, to a group of chosen
    students or to one student, by a teacher (with a concertmaster), so many lessons a week
    (tarificētās stundas, SPEC C5). A class course enrols the class; ``students`` are a group's
    or the individual course's one."""

    name: str
    subject_id: uuid.UUID
    kind: CourseKind
    teacher_id: uuid.UUID
    class_group_id: uuid.UUID | None = None
    students: frozenset[uuid.UUID] = frozenset()
    concertmaster_id: uuid.UUID | None = None
    weekly_lessons: int = 0
    descriptive: bool = False  # S, T, A, P marks (grades 1–3, SPEC J13)


def validate_course(details: CourseDetails) -> CourseDetails:
    """The course as stored; raises InvalidSetUp with a Latvian message."""
    name = " ".join(details.name.split())
    if not name or len(name) > MAX_COURSE_NAME:
        raise InvalidSetUp(_("Norādiet kursa nosaukumu (piemēram, Matemātika 7.a)."))
    if not 0 <= details.weekly_lessons <= MAX_WEEKLY_LESSONS:
        raise InvalidSetUp(
            _("Stundu skaits nedēļā: no 0 līdz {count}.").format(count=MAX_WEEKLY_LESSONS)
        )
    if details.kind is CourseKind.CLASS and details.class_group_id is None:
        raise InvalidSetUp(_("Klases kursam izvēlieties klasi."))
    if details.kind is CourseKind.INDIVIDUAL and len(details.students) != 1:
        raise InvalidSetUp(_("Individuālajam kursam izvēlieties vienu skolēnu."))
    if details.kind is CourseKind.GROUP and not details.students:
        raise InvalidSetUp(_("Grupas kursam izvēlieties skolēnus."))
    if details.concertmaster_id is not None and details.concertmaster_id == details.teacher_id:
        raise InvalidSetUp(_("Koncertmeistars nav tas pats, kas skolotājs."))
    students = frozenset() if details.kind is CourseKind.CLASS else details.students
    return replace(details, name=name, students=students)


def students_text(students: frozenset[uuid.UUID]) -> str:
    return ",".join(sorted(str(student) for student in students))


def students_from(text: str | None) -> frozenset[uuid.UUID]:
    return frozenset(uuid.UUID(part) for part in (text or "").split(",") if part)


def course_texts(details: CourseDetails, deleted: bool = False) -> dict[str, str | None]:
    """A course's fields as wire text (``course.set``'s base); the students one field."""
    values = {**vars(details), "students": students_text(details.students), "deleted": deleted}
    return {name: wire_text(values[name]) or None for name in COURSE_FIELDS}


# --- the set-up mutations' arguments (docs/sync-protocol.md §4), as the laptop queues them
# and the server's import sends them


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _key(key: uuid.UUID | None) -> str | None:
    return str(key) if key else None


Base = dict[str, str | None] | None


def class_args(
    key: uuid.UUID,
    year_id: uuid.UUID,
    details: ClassDetails,
    tutor_id: uuid.UUID | None,
    deleted: bool,
    base: Base,
) -> dict[str, object]:
    return {
        "class_group_id": str(key),
        "school_year_id": str(year_id),
        "name": details.name,
        "grade": details.grade,
        "kind": details.kind.value,
        "programme": details.programme,
        "tutor_id": _key(tutor_id),
        "deleted": deleted,
        "base": base,
    }


def subject_args(
    key: uuid.UUID, details: SubjectDetails, deleted: bool, base: Base
) -> dict[str, object]:
    return {
        "subject_id": str(key),
        "name": details.name,
        "short_name": details.short_name,
        "kind": details.kind.value,
        "pass_fail": details.pass_fail,
        "deleted": deleted,
        "base": base,
    }


def staff_args(
    key: uuid.UUID, details: StaffDetails, deleted: bool, base: Base
) -> dict[str, object]:
    return {
        "staff_id": str(key),
        "first_name": details.first_name,
        "last_name": details.last_name,
        "personal_code": details.personal_code or None,
        "phone": details.phone or None,
        "email": details.email or None,
        "roles": sorted(role.value for role in details.roles),
        "employed_from": _iso(details.employed_from),
        "employed_until": _iso(details.employed_until),
        "deleted": deleted,
        "base": base,
    }


def student_args(
    key: uuid.UUID, details: StudentDetails, deleted: bool, base: Base
) -> dict[str, object]:
    args: dict[str, object] = {"student_id": str(key)}
    for name in STUDENT_FIELDS:
        value = getattr(details, name, None)
        if isinstance(value, uuid.UUID):
            args[name] = str(value)
        elif isinstance(value, dt.date):
            args[name] = value.isoformat()
        elif name not in ("gender", "guardians", "deleted"):
            args[name] = value or None
    args["gender"] = details.gender.value if details.gender else None
    args["guardians"] = [
        {"guardian_id": str(g.id), "first_name": g.first_name, "last_name": g.last_name,
         "phone": g.phone or None}
        for g in details.guardians
    ]  # fmt: skip
    args.update(deleted=deleted, base=base)
    return args


def course_args(
    key: uuid.UUID, year_id: uuid.UUID, details: CourseDetails, deleted: bool, base: Base
) -> dict[str, object]:
    return {
        "course_id": str(key),
        "school_year_id": str(year_id),
        "name": details.name,
        "subject_id": str(details.subject_id),
        "kind": details.kind.value,
        "class_group_id": _key(details.class_group_id),
        "students": sorted(str(student) for student in details.students),
        "teacher_id": str(details.teacher_id),
        "concertmaster_id": _key(details.concertmaster_id),
        "weekly_lessons": details.weekly_lessons,
        "descriptive": details.descriptive,
        "deleted": deleted,
        "base": base,
    }

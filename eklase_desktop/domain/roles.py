"""Roles and what each may write (SPEC A1, S5; DOMAIN: roles).

``roles`` arguments are always the roles a user holds *for the thing being changed*
(e.g. TEACHER only for the courses the user teaches or substitutes); the caller works
that out. One person may hold several roles.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.i18n import _


class Role(enum.StrEnum):
    """A user role (SPEC A1)."""

    STUDENT = "student"
    PARENT = "parent"
    TEACHER = "teacher"
    CONCERTMASTER = "concertmaster"
    TUTOR = "tutor"
    CLERK = "clerk"
    DEPUTY = "deputy"
    DIRECTOR = "director"
    INDIVIDUAL_WORK = "individual_work"


class Entity(enum.StrEnum):
    """Something a user may write."""

    LESSON = "lesson"
    MARK = "mark"
    PRESENCE = "presence"
    JUSTIFICATION = "justification"
    TEST = "test"
    PERIOD_MARK = "period_mark"
    CONCERTMASTER_LOG = "concertmaster_log"
    PHONE = "phone"
    CONVERSATION = "conversation"
    BRIEFING = "briefing"
    PARENT_NOTE = "parent_note"
    BEHAVIOUR = "behaviour"
    STUDENT = "student"
    CLASS_GROUP = "class_group"
    SUBJECT = "subject"
    COURSE = "course"
    ACCOUNT = "account"
    EXAM_MARK = "exam_mark"
    NEWS = "news"
    JOURNAL_CHECK = "journal_check"
    PERIOD_LOCK = "period_lock"
    INDIVIDUAL_WORK_LOG = "individual_work_log"
    MONTHLY_STATEMENT = "monthly_statement"
    SCHOOL_YEAR = "school_year"
    STAFF = "staff"
    SUBSTITUTION = "substitution"  # the deputy's (SPEC J4)
    PRACTICE_HOURS = "practice_hours"  # SPEC J6
    SCHOOL_RULES = "school_rules"  # the deputy's thresholds (SPEC V1, V8)


def _role_labels() -> dict[Role, str]:
    return {
        Role.STUDENT: _("Skolēns"),
        Role.PARENT: _("Vecāks"),
        Role.TEACHER: _("Mācību priekšmeta skolotājs"),
        Role.CONCERTMASTER: _("Koncertmeistars"),
        Role.TUTOR: _("Klases audzinātājs"),
        Role.CLERK: _("Lietvedis"),
        Role.DEPUTY: _("Direktora vietnieks mācību darbā"),
        Role.DIRECTOR: _("Direktors"),
        Role.INDIVIDUAL_WORK: _("Individuālā darba speciālists"),
    }


def _entity_labels() -> dict[Entity, str]:
    return {
        Entity.LESSON: _("stundas"),
        Entity.MARK: _("vērtējumi"),
        Entity.PRESENCE: _("apmeklējums"),
        Entity.JUSTIFICATION: _("kavējumu attaisnojumi"),
        Entity.TEST: _("pārbaudes darbi"),
        Entity.PERIOD_MARK: _("semestra un gada vērtējumi"),
        Entity.CONCERTMASTER_LOG: _("koncertmeistara stundas"),
        Entity.PHONE: _("tālruņi"),
        Entity.CONVERSATION: _("individuālās sarunas"),
        Entity.BRIEFING: _("instruktāžas"),
        Entity.PARENT_NOTE: _("piezīmes vecāku ievērībai"),
        Entity.BEHAVIOUR: _("uzvedības žurnāls"),
        Entity.STUDENT: _("skolēni"),
        Entity.CLASS_GROUP: _("klases un grupas"),
        Entity.SUBJECT: _("mācību priekšmeti"),
        Entity.COURSE: _("kursi"),
        Entity.ACCOUNT: _("lietotāju konti"),
        Entity.EXAM_MARK: _("eksāmenu un ieskaišu vērtējumi"),
        Entity.NEWS: _("skolas jaunumi"),
        Entity.JOURNAL_CHECK: _("žurnālu pārbaudes"),
        Entity.PERIOD_LOCK: _("perioda slēgšana"),
        Entity.INDIVIDUAL_WORK_LOG: _("individuālā darba žurnāls"),
        Entity.MONTHLY_STATEMENT: _("mēneša sekmju izrakstu uzskaite"),
        Entity.SCHOOL_YEAR: _("mācību gads"),
        Entity.STAFF: _("darbinieku kartītes"),
        Entity.SUBSTITUTION: _("aizvietošanas"),
        Entity.PRACTICE_HOURS: _("prakses stundas"),
        Entity.SCHOOL_RULES: _("skolas vērtēšanas un kavējumu noteikumi"),
    }


def label(role: Role) -> str:
    """The Latvian (translated) name of ``role``."""
    return _role_labels()[role]


def entity_label(entity: Entity) -> str:
    """The Latvian (translated) name of ``entity``, lower case, for messages."""
    return _entity_labels()[entity]


def _default_grants() -> Mapping[Role, frozenset[Entity]]:
    # DOMAIN: roles — the "what each may write" table.
    return MappingProxyType(
        {
            Role.STUDENT: frozenset(),
            Role.PARENT: frozenset(),
            Role.DIRECTOR: frozenset(),  # reads everything; the deputy administers
            Role.TEACHER: frozenset(
                {
                    Entity.LESSON,
                    Entity.MARK,
                    Entity.PRESENCE,
                    Entity.TEST,
                    Entity.PERIOD_MARK,  # SPEC J16
                    Entity.BEHAVIOUR,  # SPEC J12
                    Entity.INDIVIDUAL_WORK_LOG,  # SPEC J15: consultations
                    Entity.PRACTICE_HOURS,  # SPEC J6
                }
            ),
            Role.CONCERTMASTER: frozenset({Entity.CONCERTMASTER_LOG}),
            Role.TUTOR: frozenset(
                {
                    Entity.JUSTIFICATION,
                    Entity.PHONE,
                    Entity.CONVERSATION,
                    Entity.BRIEFING,
                    Entity.PARENT_NOTE,
                    Entity.BEHAVIOUR,
                    Entity.MONTHLY_STATEMENT,  # SPEC T7
                }
            ),
            Role.CLERK: frozenset(
                {
                    Entity.STUDENT,
                    Entity.SCHOOL_YEAR,  # DOMAIN: school set-up
                    Entity.STAFF,  # SPEC V4
                    Entity.CLASS_GROUP,
                    Entity.SUBJECT,
                    Entity.COURSE,
                    Entity.ACCOUNT,
                    Entity.EXAM_MARK,
                    Entity.NEWS,
                    Entity.JUSTIFICATION,  # DOMAIN: attendance, "or deputy/clerk"
                    Entity.MONTHLY_STATEMENT,  # prints the statements for the tutors
                }
            ),
            Role.DEPUTY: frozenset(Entity),
            Role.INDIVIDUAL_WORK: frozenset({Entity.INDIVIDUAL_WORK_LOG}),
        }
    )


@dataclass(frozen=True)
class PermissionTable:
    """Which role may write which entity; a school setting with the DOMAIN defaults."""

    grants: Mapping[Role, frozenset[Entity]] = field(default_factory=_default_grants)

    def allows(self, roles: Collection[Role], what: Entity) -> bool:
        return any(what in self.grants.get(role, frozenset()) for role in roles)


DEFAULT_PERMISSIONS = PermissionTable()


def can_write(
    roles: Collection[Role], what: Entity, table: PermissionTable = DEFAULT_PERMISSIONS
) -> bool:
    """True if any of ``roles`` may write ``what``."""
    return table.allows(roles, what)


def require(
    roles: Collection[Role], what: Entity, table: PermissionTable = DEFAULT_PERMISSIONS
) -> None:
    """Raises PermissionDenied unless one of ``roles`` may write ``what`` (SPEC S5)."""
    if not can_write(roles, what, table):
        message = _("Jums nav tiesību mainīt: {what}.").format(what=entity_label(what))
        raise PermissionDenied(message)


_ROLE_VALUES = frozenset(role.value for role in Role)


def parse_roles(text: str) -> frozenset[Role]:
    """The roles stored as comma-separated values ("teacher,tutor"; unknown ones are passed
    over)."""
    return frozenset(Role(part) for part in text.split(",") if part in _ROLE_VALUES)


SCHOOL_WIDE_ROLES = frozenset({Role.DEPUTY, Role.CLERK})


def roles_for_course(held: Collection[Role], *, teaches: bool, tutors: bool) -> frozenset[Role]:
    """The roles someone holds for one course (or one of its lessons): ``TEACHER`` if they
    teach it or substitute in the lesson, ``TUTOR`` if they tutor its class, and the
    school-wide roles they hold (DOMAIN: roles). Checks like ``require`` take this set."""
    roles = set(SCHOOL_WIDE_ROLES.intersection(held))
    if teaches:
        roles.add(Role.TEACHER)
    if tutors:
        roles.add(Role.TUTOR)
    return frozenset(roles)

"""Journal checks on the server (SPEC V2, G 11): ``journal_check.set`` — the deputy director
keeps a check (its day, the classes, the conclusion); ``journal_remark.set`` — the deputy
writes what was found and a remark to one person, and that person (a course's teacher, a
class tutor, a concertmaster) marks it done. Fields merge like a set-up record's."""

from __future__ import annotations

from typing import Any

from eklase_desktop.domain.journal_checks import (
    CHECK_FIELDS,
    REMARK_FIELDS,
    CheckDetails,
    CheckKind,
    RemarkDetails,
    check_texts,
    remark_texts,
    validate_check,
    validate_remark,
)
from eklase_desktop.domain.roles import Entity, can_write
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import ClassGroup, Course, JournalCheck, JournalRemark, Staff
from eklase_desktop.models.setup import check_details
from eklase_desktop.sync.mutation_args import JournalCheckSetArgs, JournalRemarkSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName
from eklase_server.auth import now
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_own,
    require_set_up,
    resolver_of,
    school_of,
    set_record,
)

CHECKS = Record.of(
    "journal_check",
    JournalCheck,
    Entity.JOURNAL_CHECK,
    CHECK_FIELDS,
    check_details,
    check_texts,
    validate_check,
)


def journal_check_set(context: Context, args: JournalCheckSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.JOURNAL_CHECK)
    details = validate_check(
        CheckDetails(args.day, args.classes, args.note, CheckKind(args.kind), args.signed_on)
    )
    row = context.session.get(JournalCheck, args.check_id)
    if row is not None:
        own_school(context, row.school_id)
    new = JournalCheck(
        id=args.check_id, school_id=school_of(context), author_id=context.user.staff_id
    )
    return set_record(context, CHECKS, row, new, check_texts(details, args.deleted), args.base)


def _store_done(_context: Context, row: Any, text: str | None) -> None:
    row.done = text == "true"
    row.done_at = now() if row.done else None


def _remark_details(row: Any) -> RemarkDetails:
    return RemarkDetails(row.findings, row.remark, bool(row.done))


REMARKS = Record.of(
    "journal_remark",
    JournalRemark,
    Entity.JOURNAL_CHECK,
    REMARK_FIELDS,
    _remark_details,
    remark_texts,
    validate_remark,
    stores={"done": _store_done},
)
_ONLY_DONE = N_("Piezīmi raksta direktora vietnieks; jūs to varat tikai atzīmēt kā izpildītu.")


def journal_remark_set(context: Context, args: JournalRemarkSetArgs, mutation: Mutation) -> Result:
    check = require_own(context, JournalCheck, args.check_id, _("Pārbaude nav atrasta."))
    row = context.session.get(JournalRemark, args.remark_id)
    mine = remark_texts(RemarkDetails(args.findings, args.remark, args.done), args.deleted)
    if can_write(context.user.roles, Entity.JOURNAL_CHECK):
        mine = remark_texts(
            validate_remark(RemarkDetails(args.findings, args.remark, args.done)), args.deleted
        )
        if row is None:
            _require_targets(context, args)
        elif row.check_id != check.id:
            raise Rejected(_("Piezīme pieder citai pārbaudei."))
        new = JournalRemark(
            id=args.remark_id,
            check_id=check.id,
            course_id=args.course_id,
            class_group_id=args.class_group_id,
            addressee_id=args.addressee_id,
        )
        return set_record(context, REMARKS, row, new, mine, args.base)
    # the person it is addressed to: only "done", on a remark that exists
    if row is None or row.deleted or row.addressee_id != context.user.staff_id:
        raise Rejected(_("Piezīme nav atrasta."))
    seen = args.base or {}
    if any(mine[name] != seen.get(name) for name in REMARK_FIELDS if name != "done"):
        raise Rejected(_(_ONLY_DONE))
    current = REMARKS.texts(row)
    wanted = {**current, "done": mine["done"]}
    base = {**current, "done": seen.get("done")}
    return set_record(context, REMARKS, row, row, wanted, base)


def _require_targets(context: Context, args: JournalRemarkSetArgs) -> None:
    """A new remark's course, class and addressee are of the sender's school."""
    if args.course_id is not None:
        require_own(context, Course, args.course_id, _("Kurss nav atrasts."))
    if args.class_group_id is not None:
        require_own(context, ClassGroup, args.class_group_id, _("Klase nav atrasta."))
    require_own(context, Staff, args.addressee_id, _("Darbinieks nav atrasts."))


DECLARED = (
    Declared(
        MutationName.JOURNAL_CHECK_SET,
        journal_check_set,
        senders="deputy (`Entity.JOURNAL_CHECK`)",
        checks=(
            "role; the classes named (1–2,000 characters), the conclusion at most 4,000, dates "
            "2000–2099, a sign-off only on a year-end check (`domain.journal_checks."
            "validate_check`); an existing check of the user's school; merge; the author is "
            "the first sender (not an argument)"
        ),
        merge="per field (`CHECK_FIELDS`), the last to arrive wins; review of the replaced",
        scope="every user of the school",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(CHECKS),
    ),
    Declared(
        MutationName.JOURNAL_REMARK_SET,
        journal_remark_set,
        senders=(
            "deputy (`Entity.JOURNAL_CHECK`): every field; the remark's addressee: `done` only"
        ),
        checks=(
            "the check is the user's school's; the deputy: findings or a remark, each at most "
            "4,000 characters (`domain.journal_checks.validate_remark`), a new remark's course, "
            "class and addressee of the school, the check not changed; the addressee: the "
            "remark exists and is theirs, every other field as stored in their base; merge"
        ),
        merge=(
            "per field (`REMARK_FIELDS`), the last to arrive wins; review of the replaced; "
            "`done_at` set by the server"
        ),
        scope=(
            "the course's readers (or the class's tutor) and the addressee wherever it is filed"
        ),
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(REMARKS),
    ),
)

"""The school's rules on the server (SPEC V1, V8; DOMAIN: period locks): ``school_rules.set``
— the deputy director sets the thresholds of the statistics and how late corrections in a
closed period are made; everyone at the school pulls them. One row per school, its id the
school's; fields merge like a set-up record's."""

from __future__ import annotations

from decimal import Decimal

from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.statistics import (
    RULE_FIELDS,
    LateChanges,
    SchoolRules,
    rules_texts,
    validate_rules,
)
from eklase_desktop.models import SchoolRules as RulesRow
from eklase_desktop.models.setup import rules_details
from eklase_desktop.sync.mutation_args import SchoolRulesSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName
from eklase_server.context import Context, Declared, Result
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_set_up,
    resolver_of,
    set_record,
)

RULES = Record.of(
    "school_rules",
    RulesRow,
    Entity.SCHOOL_RULES,
    RULE_FIELDS,
    rules_details,
    lambda rules, _deleted: rules_texts(rules),
    validate_rules,
)


def school_rules_set(context: Context, args: SchoolRulesSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.SCHOOL_RULES)
    own_school(context, args.school_id)
    rules = validate_rules(
        SchoolRules(
            args.min_marks,
            Decimal(args.average_drop),
            args.unjustified_limit,
            LateChanges(args.late_changes),
        )
    )
    row = context.session.get(RulesRow, args.school_id)
    new = RulesRow(id=args.school_id, school_id=args.school_id)
    # a laptop that had no row saw the defaults: its base is theirs
    base = args.base if args.base is not None else rules_texts(SchoolRules())
    return set_record(context, RULES, row, new, rules_texts(rules), base if row else None)


DECLARED = (
    Declared(
        MutationName.SCHOOL_RULES_SET,
        school_rules_set,
        senders="deputy (`Entity.SCHOOL_RULES`)",
        checks=(
            "role; the row is the sender's own school's; a minimum of 0–30 marks a semester, "
            "an average's fall 0.1–5 balles, 0–200 unjustified lessons a month, late "
            "corrections `reason` or `reopen` (`domain.statistics.validate_rules`); merge"
        ),
        merge="per field (`RULE_FIELDS`), the last to arrive wins; review of the replaced",
        scope="every user of the school",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(RULES),
    ),
)

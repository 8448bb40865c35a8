"""The school's rules through a real server (SPEC V1, V8): the deputy sets them on her
laptop, a teacher's laptop has them after a sync; two deputies changing different rules
offline both keep theirs; a teacher's own ``school_rules.set`` and one for another school are
refused and change nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal

from eklase_desktop.domain.statistics import LateChanges, SchoolRules, rules_texts
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from eklase_desktop.services.statistics import staff_school
from tests.integration.laptops import LaptopFactory, push_one


def test_set_on_one_laptop_and_kept_on_every_other(laptops: LaptopFactory) -> None:
    deputy, teacher = laptops("vietnieks"), laptops("skolotajs1")
    desk = SchoolStatistics(deputy.factory, deputy.actor)
    assert desk.rules() == SchoolRules()  # nothing set: the defaults
    desk.save_rules(SchoolRules(4, Decimal("0.8"), 3, LateChanges.REOPEN))
    assert deputy.sync().pushed["applied"] == 1
    teacher.sync()
    seen = SchoolStatistics(teacher.factory, teacher.actor)
    assert seen.rules() == SchoolRules(4, Decimal("0.8"), 3, LateChanges.REOPEN)

    # two deputies, each offline, change one rule each: both changes stay
    second = laptops("vietnieks")
    other = SchoolStatistics(second.factory, second.actor)
    desk.save_rules(SchoolRules(5, Decimal("0.8"), 3, LateChanges.REOPEN))
    other.save_rules(SchoolRules(4, Decimal("0.8"), 7, LateChanges.REOPEN))
    deputy.sync()
    second.sync()
    deputy.sync()
    teacher.sync()
    both = SchoolRules(5, Decimal("0.8"), 7, LateChanges.REOPEN)
    assert desk.rules() == other.rules() == seen.rules() == both

    with teacher.factory() as session:
        school = staff_school(session, teacher.actor.staff_id)
    forged = {"school_id": str(school), **rules_texts(SchoolRules(0)), "base": None}
    result = push_one(teacher.client, "school_rules.set", forged)
    assert result.status == "rejected" and "noteikumi" in (result.reason or "")
    elsewhere = {**forged, "school_id": str(uuid.uuid4())}
    assert push_one(deputy.client, "school_rules.set", elsewhere).status == "rejected"
    out_of_range = {**forged, "min_marks": 31}
    assert push_one(deputy.client, "school_rules.set", out_of_range).status == "rejected"
    teacher.sync()
    assert seen.rules() == both

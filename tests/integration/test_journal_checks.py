"""A journal check through a real server (SPEC V2, G 11): the deputy checks 7.a on her laptop
and keeps a remark for the maths teacher; the teacher's laptop has it after a sync, the
teacher marks it done and the deputy sees when; another teacher never receives it; the
teacher may not change the deputy's words, nor a stranger mark it done."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eklase_desktop.domain import clock
from eklase_desktop.domain.journal_checks import RemarkDetails, remark_texts
from eklase_desktop.models import ClassGroup, Course
from eklase_desktop.services.journal_checks import JournalChecks
from tests.integration.laptops import LaptopFactory, push_one


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_remark_reaches_its_teacher_and_comes_back_done(laptops: LaptopFactory) -> None:
    deputy, teacher, other = laptops("vietnieks"), laptops("skolotajs1"), laptops("skolotajs2")
    desk = JournalChecks(deputy.factory, deputy.actor)
    with deputy.factory() as session:
        klass = session.scalars(select(ClassGroup.id).where(ClassGroup.name == "7.a")).one()
        taught = set(
            session.scalars(select(Course.name).where(Course.teacher_id == teacher.actor.staff_id))
        )
    targets = desk.inspect([klass], clock.now())
    mine = [t for t in targets if t.addressee_id == teacher.actor.staff_id]
    assert mine and {t.about for t in mine} <= taught  # only the teacher's own courses
    mine[0].remark = "Lūdzu aizstāt nv līdz piektdienai."
    key = desk.save(clock.today(), "7.a", targets, "")
    assert deputy.sync().pushed["applied"] == 1 + len(targets)

    teacher.sync()
    own = JournalChecks(teacher.factory, teacher.actor)
    remarks = own.remarks()
    assert len(remarks) == len(mine) and all(r.check_id == key for r in remarks)
    remark = next(r for r in remarks if r.details.remark)
    assert remark.details.remark == "Lūdzu aizstāt nv līdz piektdienai."
    assert remark.author == "Liepiņa Dace" and not remark.details.done

    other.sync()
    assert all(
        r.addressee_id == other.actor.staff_id
        for r in JournalChecks(other.factory, other.actor).remarks()
    )  # the maths teacher's remarks stay with the maths teacher

    # the teacher may not rewrite the deputy's words, nor another teacher mark it done
    seen = remark_texts(remark.details)
    forged = {
        "remark_id": str(remark.id),
        "check_id": str(key),
        "addressee_id": str(remark.addressee_id),
        **remark_texts(RemarkDetails(remark.details.findings, "Viss kārtībā.", True)),
        "base": seen,
    }
    forged["done"] = forged["deleted"] = False  # (booleans on the wire)
    refused = push_one(teacher.client, "journal_remark.set", forged)
    assert refused.status == "rejected" and "atzīmēt kā izpildītu" in (refused.reason or "")
    stranger = {**forged, "remark": remark.details.remark, "done": True}
    assert push_one(other.client, "journal_remark.set", stranger).status == "rejected"

    own.mark_done(remark.id)
    assert teacher.sync().pushed["applied"] == 1
    deputy.sync()
    [view] = desk.checks()
    assert view.open == len(targets) - 1
    done = next(r for r in desk.remarks(key) if r.id == remark.id)
    assert done.details.done and done.details.remark == "Lūdzu aizstāt nv līdz piektdienai."
    assert done.done_at is not None and done.done_at.date() == clock.utc_naive().date()

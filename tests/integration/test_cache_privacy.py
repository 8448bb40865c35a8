"""What a subject teacher's laptop holds (SPEC D2, M 25; issue 16): read raw, byte by byte,
its cache file (and its WAL) contains no personal code, address, phone, e-mail or document
number of any student, parent or colleague — they never leave the server for it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from eklase_desktop.models import Guardian, Staff, Student
from tests.integration.laptops import LaptopFactory, database


def _secrets(url: str) -> set[str]:
    """The private values the server holds, as a laptop would store them."""
    found: set[str | None] = set()
    with database(url) as session:
        for student in session.scalars(select(Student)):
            found |= {
                student.personal_code,
                student.phone,
                student.declared_address,
                student.actual_address,
                student.id_document,
            }
        for guardian in session.scalars(select(Guardian)):
            found.add(guardian.phone)
        for staff in session.scalars(select(Staff)):
            found |= {staff.personal_code, staff.phone, staff.email}
    return {value for value in found if value and len(value) >= 6}


def _raw(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_a_teachers_cache_holds_no_private_data(laptops: LaptopFactory) -> None:
    secrets = _secrets(laptops.server.database_url)
    assert len(secrets) > 100  # the demo school has them: the check can fail
    teacher = laptops("skolotajs1")
    raw = _raw(teacher.path)
    assert b"Ilze" in raw  # the file is readable as it is: the names are there
    leaked = sorted(value for value in secrets if value.encode() in raw)
    assert leaked == [], leaked[:5]
    # the deputy's laptop does hold them: the same search finds them there
    deputy = _raw(laptops("vietnieks").path)
    assert any(value.encode() in deputy for value in secrets)

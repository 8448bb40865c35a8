"""The clerk's list of accounts says *active* exactly as the sign-in decides it (issue 16: a
deleted staff card's account was listed active, and refused at sign-in)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from eklase_desktop.domain.roles import Role
from eklase_desktop.models import School, Staff
from eklase_server.accounts import is_active, list_accounts
from eklase_server.auth import User
from eklase_server.db import create_server_engine, init_database
from eklase_server.models import Account


def test_a_deleted_cards_account_is_not_listed_active(tmp_path: Path) -> None:
    engine = create_server_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    init_database(engine)
    factory = sessionmaker(engine, expire_on_commit=False)
    school, clerk, gone = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with factory.begin() as session:
        session.add(School(id=school, name="Ozolkalna vidusskola", kind="general"))
        session.flush()
        for key, username, deleted in ((clerk, "lietvede", False), (gone, "aizgajis", True)):
            session.add(
                Staff(id=key, school_id=school, first_name="A", last_name="B",
                      username=username, roles="clerk" if key == clerk else "teacher",
                      deleted=deleted)
            )  # fmt: skip
            session.flush()
            session.add(
                Account(username=username, password_hash="x", staff_id=key,
                        created_at=dt.datetime(2026, 9, 1))
            )  # fmt: skip
    user = User(uuid.uuid4(), "lietvede", "A B", clerk, frozenset({Role.CLERK}))
    listed = {info.staff_id: info.active for info in list_accounts(factory, user).accounts}
    with factory() as session:
        signs_in = {
            account.staff_id: is_active(session, account) for account in session.query(Account)
        }
    assert listed == signs_in == {clerk: True, gone: False}

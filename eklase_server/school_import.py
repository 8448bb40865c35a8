"""``eklase-server import``: the school's set-up from a spreadsheet, for a scripted start of
a server (SPEC C1; docs/import.md). The same plan as *Skola → Importēt…* on a laptop, pushed
as the clerk's or the deputy's mutations in one transaction: all or nothing, each change in
the audit log under that person's name, and every laptop gets it at its next sync."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, parse_roles
from eklase_desktop.domain.school_import import ImportProblem, read_workbook
from eklase_desktop.models import Staff
from eklase_desktop.models.school_import import Plan, plan_import
from eklase_desktop.spreadsheets import read_tables, write_template
from eklase_desktop.sync.protocol import Mutation, PushRequest, Status
from eklase_server import auth
from eklase_server.models import Account
from eklase_server.push import push


class _Refused(Exception):
    """Leaves the transaction: nothing of the file is written."""


def import_workbook(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.template:
        write_template(path)
        print(f"template written: {path}")
        return 0
    try:
        book = read_workbook(read_tables(path))
        with factory.begin() as session:
            account = _importer(session, args.user)
            user = auth.user_of(session, account)
            staff = session.get(Staff, user.staff_id)
            assert staff is not None  # (an importer has a card)
            plan = plan_import(session, staff.school_id, user.roles, book)
            _print_plan(plan)
            if args.dry_run or not plan.steps:
                return 0
            mutations = [
                Mutation(seq=number, name=step.mutation, args=step.args)
                for number, step in enumerate(plan.steps, start=1)
            ]
            request = PushRequest.model_construct(client_id=uuid.uuid4(), mutations=mutations)
            results = push(session, user, request)["results"]
            for step, result in zip(plan.steps, results, strict=True):
                if result["status"] not in (Status.APPLIED, Status.MERGED):
                    problem = ImportProblem(step.sheet, step.row, None, result["reason"] or "")
                    raise _Refused(problem.message)
    except (ImportProblem, _Refused) as error:
        print(f"nothing imported: {error}")
        return 1
    print(f"imported: {plan.changes} changes, as {account.username}")
    return 0


def _importer(session: Session, username: str | None) -> Account:
    """The clerk's or the deputy's account the changes are made by: ``--user``, else the
    server's only such account."""
    rows = session.execute(
        select(Account, Staff.roles)
        .join(Staff, Staff.id == Account.staff_id)
        .where(Account.revoked_at.is_(None))
    ).all()
    able = [
        account
        for account, roles in rows
        if parse_roles(roles) & SCHOOL_WIDE_ROLES
        and (username is None or account.username == username)
    ]
    if len(able) != 1:
        raise _Refused(
            f"no clerk or deputy account {username}"
            if username
            else "name the clerk's or the deputy's account with --user"
        )
    return able[0]


def _print_plan(plan: Plan) -> None:
    for sheet, count in plan.counts.items():
        print(f"{sheet}: {count.new} new, {count.changed} changed, {count.same} unchanged")
    for sheet in plan.ignored:
        print(f"{sheet}: not a sheet of the format, ignored")

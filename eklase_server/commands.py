"""What the ``eklase-server`` subcommands do."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.demo import DEMO_PASSWORD, ensure_demo_school
from eklase_desktop.domain.accounts import MIN_PASSWORD
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Role
from eklase_desktop.models import Course, School, SchoolYear, Staff, Student
from eklase_server import __version__, auth
from eklase_server.changes import record_change, register_all_rows
from eklase_server.db import VersionAllocator, snapshot
from eklase_server.models import Account, AuditEntry, Token


def serve(
    engine: Engine,
    factory: sessionmaker[Session],
    host: str,
    port: int,
    *,
    demo: bool,
    workers: int = 1,
    certfile: str | None = None,
    keyfile: str | None = None,
    forwarded_allow_ips: str | None = None,
    access_log: bool = False,
) -> int:
    """Runs the HTTP API: HTTPS with ``certfile`` and ``keyfile``; behind a reverse proxy
    that terminates TLS, ``forwarded_allow_ips`` names the proxies whose X-Forwarded-For
    gives a client's address (the login brake counts per address). ``access_log``: a line
    per request (off by default: a morning's rush is thousands of pushes)."""
    import os

    import uvicorn

    from eklase_server.app import collect_rarely, create_app

    if demo:
        seed(factory)
    network: dict[str, Any] = {"host": host, "port": port, "log_level": "warning"}
    if access_log:
        network |= {"log_level": "info", "access_log": True}
    if certfile:
        network |= {"ssl_certfile": certfile, "ssl_keyfile": keyfile}
    if forwarded_allow_ips:
        network |= {"proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips}
    else:
        network["proxy_headers"] = False  # a client's own X-Forwarded-For counts for nothing
    scheme = "https" if certfile else "http"
    print(
        f"eklase-server {scheme}://{host}:{port} on "
        f"{engine.url.render_as_string(hide_password=True)}"
        + (f", {workers} processes" if workers > 1 else ""),
        flush=True,
    )
    if workers > 1:  # each process imports the app by name and opens the same database
        os.environ["EKLASE_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
        uvicorn.run(
            "eklase_server.app:app_from_environment", factory=True, workers=workers, **network
        )
    else:
        app = create_app(engine)
        collect_rarely()
        uvicorn.run(app, **network)
    return 0


def seed(factory: sessionmaker[Session]) -> bool:
    """The demo school with a login (password ``demo``) for every member of staff."""
    if not ensure_demo_school(factory):
        return False
    password_hash = auth.hash_password(DEMO_PASSWORD)
    with factory.begin() as session:
        for staff in session.scalars(select(Staff)):
            session.add(
                Account(
                    username=staff.username,
                    password_hash=password_hash,
                    staff_id=staff.id,
                    created_at=auth.now(),
                )
            )
        register_all_rows(session)
    return True


def seed_demo(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    created = seed(factory)
    with factory() as session:
        schools = ", ".join(session.scalars(select(School.name)))
    print(("created: " if created else "already there: ") + schools)
    return 0


def create_school(factory: sessionmaker[Session], name: str, kind: str) -> int:
    """A new server's school (SPEC C1): the first administrator is made for it next."""
    name = " ".join(name.split())
    if not name:
        print("the school needs a name")
        return 2
    with factory.begin() as session:
        if session.scalars(select(School).where(School.name == name)).first() is not None:
            print(f"school already there: {name}")
            return 0
        school = School(name=name, kind=kind)
        session.add(school)
        session.flush()
        versions = VersionAllocator(session)
        record_change(session, versions, "school", school)
        versions.finish()
    print(f"school created: {name}")
    return 0


def given_password(args: argparse.Namespace) -> str | None:
    """The password from standard input with ``--password-stdin`` (asked twice, unseen, on a
    terminal): never on the command line, where process lists and shell history keep it.
    None without the option: the server generates one. Raises SystemExit on a bad one."""
    if not args.password_stdin:
        return None
    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise SystemExit("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:  # the rule the app holds a person's own password to
        raise SystemExit(f"a password of at least {MIN_PASSWORD} characters, please")
    if args.username.lower() in password.lower():
        raise SystemExit("a password without the user name in it, please")
    return password


def create_user(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    given = given_password(args)
    password = given or auth.generate_password()
    unknown = set(args.roles.split(",")) - {role.value for role in Role}
    if unknown:
        print(f"unknown roles: {', '.join(sorted(unknown))}")
        return 2
    with factory.begin() as session:
        if _account(session, args.username) is not None:
            print(f"user {args.username} exists already")
            return 1
        staff = session.scalars(select(Staff).where(Staff.username == args.username)).first()
        if staff is None:
            school = session.scalars(select(School)).first()
            if school is None or not (args.first and args.last):
                print("a new member of staff needs --first and --last (and a school in the db)")
                return 2
            staff = Staff(
                school_id=school.id,
                first_name=args.first,
                last_name=args.last,
                username=args.username,
                roles=args.roles,
            )
            session.add(staff)
            session.flush()
            versions = VersionAllocator(session)
            record_change(session, versions, "staff", staff)
            versions.finish()
        session.add(
            Account(
                username=args.username,
                password_hash=auth.hash_password(password),
                staff_id=staff.id,
                created_at=auth.now(),
            )
        )
    print(f"user {args.username} created" + ("" if given else f"; password: {password}"))
    return 0


def set_password(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    given = given_password(args)
    password = given or auth.generate_password()
    with factory.begin() as session:
        account = _account(session, args.username)
        if account is None:
            print(f"no user {args.username}")
            return 1
        account.password_hash = auth.hash_password(password)
        account.revoked_at = None
        _revoke_tokens(session, account)
    print("password set" + ("" if given else f": {password}"))
    return 0


def revoke_user(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    with factory.begin() as session:
        account = _account(session, args.username)
        if account is None:
            print(f"no user {args.username}")
            return 1
        account.revoked_at = auth.now()
        _revoke_tokens(session, account)
    print(f"user {args.username} revoked: no login, no sync")
    return 0


def audit(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    with factory() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(args.limit)
        if args.student:
            query = query.where(AuditEntry.student_id.in_(_find(session, Student, args.student)))
        if args.course:
            query = query.where(AuditEntry.course_id.in_(_find(session, Course, args.course)))
        rows = list(session.scalars(query))
    for row in reversed(rows):
        print(
            f"{row.at:%Y-%m-%d %H:%M:%S}  {row.username:<16} {str(row.client_id or '-')[:8]:<8} "
            f"{row.action:<8} {row.table_name}.{row.field:<14} {row.old!s:>6} → {row.new!s:<6}"
            f" v{row.version}"
        )
    if not rows:
        print("no entries")
    return 0


def _find(session: Session, model: type[Student] | type[Course], text: str) -> list[uuid.UUID]:
    """Ids matching an id, or a part of the name in any case. Compared in Python: SQLite's
    case-insensitive LIKE knows only ASCII letters, not Ā or Š."""
    try:
        return [uuid.UUID(text)]
    except ValueError:
        pass
    wanted = text.casefold()
    if model is Student:
        people = session.execute(select(Student.id, Student.first_name, Student.last_name))
        return [
            row_id
            for row_id, first, last in people
            if wanted in f"{last} {first}".casefold() or wanted in f"{first} {last}".casefold()
        ]
    courses = session.execute(select(Course.id, Course.name))
    return [row_id for row_id, name in courses if wanted in name.casefold()]


def _account(session: Session, username: str) -> Account | None:
    return session.scalars(select(Account).where(Account.username == username)).first()


def _revoke_tokens(session: Session, account: Account) -> None:
    session.execute(
        update(Token)
        .where(Token.account_id == account.id, Token.revoked_at.is_(None))
        .values(revoked_at=auth.now())
    )


def settings(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    """Changes the settings given, then prints them all (the SMS token hidden)."""
    from eklase_server import accounts

    try:
        with factory.begin() as session:  # all the settings given, or none
            for key in accounts.SETTINGS:
                value = getattr(args, key.replace("-", "_"))
                if value is not None:
                    accounts.set_setting(session, key, value)
    except (ValueError, DomainError) as error:
        print(f"nothing changed: {error}")
        return 2
    with factory() as session:
        for key in accounts.SETTINGS:
            value = accounts.setting(session, key)
            if key == "login-rule":
                value = str(accounts.login_rule(session))
            elif key == "sms-token" and value:
                value = "***"
            print(f"{key}: {value or '-'}")
    return 0


def archive_year(factory: sessionmaker[Session], args: argparse.Namespace) -> int:
    """``archive YEAR --out DIR``: one ZIP per school holding a year of that name."""
    from eklase_server.archive import build

    if len(args.what) != 1:
        print("archive YEAR --out DIR, or archive verify FILE.zip")
        return 2
    wanted = args.what[0].strip()
    with snapshot(factory.kw["bind"]) as session:  # (a running server's pushes go on)
        years = [
            year
            for year in session.scalars(
                select(SchoolYear).where(SchoolYear.deleted.is_(False)).order_by(SchoolYear.name)
            )
            if (year.name == wanted or year.name.startswith(f"{wanted}."))
            and (args.school is None or _school_name(session, year.school_id) == args.school)
        ]
        if not years:
            print(f"no school year {wanted!r}")
            return 1
        for year in years:
            built = build(session, year, Path(args.out or "."), __version__)
            print(f"{built.path}: {built.files} files, {built.rows} rows")
    return 0


def _school_name(session: Session, school_id: uuid.UUID) -> str | None:
    school = session.get(School, school_id)
    return school.name if school is not None else None


def verify_archives(paths: list[str]) -> int:
    """``archive verify FILE.zip …``: 0 when every archive is whole."""
    from eklase_desktop.sync.archive_file import verify

    if not paths:
        print("archive verify FILE.zip")
        return 2
    bad = 0
    for name in paths:
        problems = verify(Path(name))
        for problem in problems:
            print(f"{name}: {problem.english()}")
        if problems:
            bad += 1
        else:
            print(f"{name}: whole (every file as its manifest lists it)")
    return 1 if bad else 0

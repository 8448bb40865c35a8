"""The ``eklase-server`` command line: serve, set up the database, manage accounts, audit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from eklase_server import __version__

_STDIN = (
    "read the password from standard input (asked for on a terminal); "
    "default: a generated one, printed once"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eklase-server", description="E-klase central server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
        "(default: EKLASE_DATABASE_URL, else SQLite in the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--demo", action="store_true", help="seed the demo school if empty")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (PostgreSQL: one per core; SQLite has one writer anyway)",
    )
    serve.add_argument("--certfile", help="TLS certificate (PEM): serve HTTPS")
    serve.add_argument("--keyfile", help="the certificate's private key (PEM)")
    serve.add_argument(
        "--forwarded-allow-ips",
        help="behind a reverse proxy: its addresses, whose X-Forwarded-For is trusted",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (method, path, status, client) to standard output",
    )
    init = commands.add_parser("init-db", help="create or upgrade the database schema")
    init.add_argument("--school", help="the school's name (a new server: creates the school)")
    init.add_argument(
        "--kind", choices=["general", "music"], default="general", help="with --school"
    )
    commands.add_parser("seed-demo", help="fill an empty database with the demo school")
    create = commands.add_parser("create-user", help="create a login (and its staff record)")
    create.add_argument("username")
    create.add_argument("--first", help="first name (for a new staff record)")
    create.add_argument("--last", help="last name (for a new staff record)")
    create.add_argument(
        "--roles",
        default="teacher",
        help="comma-separated: teacher, tutor, concertmaster, clerk, deputy, director, "
        "individual_work (the first administrator: clerk or deputy)",
    )
    create.add_argument("--password-stdin", action="store_true", help=_STDIN)
    password = commands.add_parser("set-password", help="issue a new password (SPEC A3, M 10)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help=_STDIN)
    revoke = commands.add_parser("revoke-user", help="end a user's access (SPEC A4)")
    revoke.add_argument("username")
    settings = commands.add_parser(
        "settings", help="show or change the login-name rule and the SMS gateway (docs/accounts.md)"
    )
    settings.add_argument("--login-rule", choices=["name", "personal-code"])
    settings.add_argument("--sms-url", help="the SMS gateway's URL ('' to use password slips)")
    settings.add_argument("--sms-token", help="the bearer token the gateway expects")
    settings.add_argument(
        "--sms-template", help="the message: {school} {name} {username} {password}"
    )
    load = commands.add_parser(
        "import", help="import the school's set-up from a spreadsheet (docs/import.md)"
    )
    load.add_argument("file", help="an XLSX, ODS or CSV file (with --template: the XLSX to write)")
    load.add_argument("--template", action="store_true", help="write an empty template instead")
    load.add_argument("--user", help="the clerk's or deputy's login the changes are made by")
    load.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    audit = commands.add_parser("audit", help="print the audit log of a student or a course")
    audit.add_argument("--student", help="student id, or part of the name")
    audit.add_argument("--course", help="course id, or part of the name")
    audit.add_argument("--limit", type=int, default=200)
    archive = commands.add_parser(
        "archive",
        help="archive a school year as one ZIP per school (SPEC V7), or verify such a ZIP",
        description="archive YEAR --out DIR  |  archive verify FILE.zip",
    )
    archive.add_argument(
        "what", nargs="+", help="YEAR (its name, e.g. 2026./2027., or its first year, 2026); "
        "or: verify FILE.zip"
    )  # fmt: skip
    archive.add_argument("--out", help="the folder the ZIP is written to (default: here)")
    archive.add_argument("--school", help="only this school's year (a server may keep several)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "archive" and args.what[0] == "verify":  # (no database needed)
        from eklase_server.commands import verify_archives

        return verify_archives(args.what[1:])
    from eklase_server import commands
    from eklase_server.db import create_server_engine, default_database_url, init_database

    engine = create_server_engine(args.database_url or default_database_url())
    init_database(engine)
    factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
    if args.command == "serve":
        if bool(args.certfile) != bool(args.keyfile):
            print("--certfile and --keyfile go together")
            return 2
        return commands.serve(
            engine,
            factory,
            args.host,
            args.port,
            demo=args.demo,
            workers=args.workers,
            certfile=args.certfile,
            keyfile=args.keyfile,
            forwarded_allow_ips=args.forwarded_allow_ips,
            access_log=args.access_log,
        )
    if args.command == "init-db":
        print(f"database ready: {engine.url.render_as_string(hide_password=True)}")
        return commands.create_school(factory, args.school, args.kind) if args.school else 0
    if args.command == "import":
        from eklase_server.school_import import import_workbook

        return import_workbook(factory, args)
    handler = {
        "seed-demo": commands.seed_demo,
        "create-user": commands.create_user,
        "set-password": commands.set_password,
        "revoke-user": commands.revoke_user,
        "audit": commands.audit,
        "archive": commands.archive_year,
        "settings": commands.settings,
    }[args.command]
    return handler(factory, args)


if __name__ == "__main__":
    sys.exit(main())

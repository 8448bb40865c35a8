"""The server's database: SQLite by default, PostgreSQL in production (DESIGN §5)."""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from pydantic_core import to_json
from sqlalchemy import JSON, Engine, any_, bindparam, create_engine, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models.cache import MIGRATIONS, upgrade
from eklase_desktop.paths import private_database
from eklase_server.models import ServerState, VersionCounter, VersionStamp

SERVER_BRANCHES = (MIGRATIONS / "journal", Path(__file__).resolve().parent / "migrations")


def default_database_url() -> str:
    from_env = os.environ.get("EKLASE_DATABASE_URL")
    if from_env:
        return from_env
    folder = Path(platformdirs.user_data_dir("eklase-server", appauthor=False))
    return f"sqlite:///{folder / 'eklase-server.sqlite'}"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below opens transactions
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Take the write lock at BEGIN: two pushes never both read and then both wait to write.
    # A snapshot (below) only reads: a deferred BEGIN, which in WAL mode blocks no writer.
    if connection.get_execution_options().get(SNAPSHOT):
        connection.exec_driver_sql("BEGIN")
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


SNAPSHOT = "eklase_snapshot"


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """A session that reads one state of the database for as long as it lasts and writes
    nothing, without holding up the pushes meanwhile (the year's archive reads for seconds):
    a deferred transaction on SQLite's WAL, REPEATABLE READ READ ONLY on PostgreSQL."""
    options: dict[str, Any] = {SNAPSHOT: True}
    if engine.dialect.name == "postgresql":
        options |= {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as connection:
        with Session(bind=connection) as session:
            yield session
        connection.rollback()


def create_server_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":  # personal data, password and token hashes (M 25)
            private_database(Path(path))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    event.listen(engine, "connect", _postgresql_connect)
    return engine


def _postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    # Lists (the keys of ``among`` and ``keys_in``) go in binary, as psycopg sends their
    # elements: in text it formats and quotes every element, five times slower per push.
    from psycopg.types.array import ListBinaryDumper

    dbapi_connection.adapters.register_dumper(list, ListBinaryDumper)


def init_database(engine: Engine) -> None:
    """Creates or upgrades the schema and the server's own state; safe to run again."""
    upgrade(engine, SERVER_BRANCHES)
    with sessionmaker(engine).begin() as session:
        if session.get(ServerState, "server_id") is None:
            session.add(ServerState(key="server_id", value=str(uuid.uuid4())))
            session.add(VersionCounter(id=1, value=0))
            stamp_version(session, 0)


def stamp_version(session: Session, version: int) -> None:
    """Stamps the last version of a write transaction (``VersionStamp``)."""
    session.execute(insert(VersionStamp).values(version=version, stamp=secrets.token_hex(8)))


def stamp_of(session: Session, version: int) -> str | None:
    """The stamp of the write transaction that handed out ``version``."""
    return session.scalar(
        select(VersionStamp.stamp)
        .where(VersionStamp.version >= version)
        .order_by(VersionStamp.version)
        .limit(1)
    )


class VersionAllocator:
    """Hands out versions inside one transaction. ``lock`` takes the counter row's lock (held
    until commit, so versions become visible to pulls in order); ``finish`` stores the last
    value handed out."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._value: int | None = None
        self._start = 0

    def lock(self) -> None:
        counter = self._session.execute(
            update(VersionCounter)
            .where(VersionCounter.id == 1)
            .values(value=VersionCounter.value)
            .returning(VersionCounter.value)
        ).scalar_one()
        self._value = self._start = counter

    def next(self) -> int:
        if self._value is None:
            self.lock()
        assert self._value is not None
        self._value += 1
        return self._value

    def real(self, version: int | None) -> int | None:
        """Its versions are real from the start (``ProvisionalVersions.real``'s twin)."""
        return version

    def finish(self) -> None:
        if self._value is not None and self._value != self._start:
            self._session.execute(
                update(VersionCounter).where(VersionCounter.id == 1).values(value=self._value)
            )
            stamp_version(self._session, self._value)


class ProvisionalVersions:
    """Versions for one push, handed out as -1, -2, … while it computes and made real at its
    end (``finish`` takes the counter row's lock, held until commit). Pushes that touch other
    lessons compute side by side; only their writes queue, and versions still become visible
    to pulls in order (DESIGN §4)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._count = 0
        self._base = 0
        self.end: int | None = None  # the counter after ``finish``, if it took versions

    def next(self) -> int:
        self._count += 1
        return -self._count

    @property
    def count(self) -> int:
        return self._count

    @property
    def base(self) -> int:
        """The counter before this push's versions: version -k is ``base + k``."""
        return self._base

    def finish(self) -> None:
        if self._count:
            self.taken(take_versions(self._session, self._count))

    def taken(self, end: int) -> None:
        """The counter is now ``end``: it was taken by ``finish`` or by the statement that
        wrote the push (``insert_rows`` with ``take``)."""
        self._base = end - self._count
        self.end = end

    def real(self, version: int | None) -> int | None:
        """The version a provisional one became (others unchanged)."""
        return real_version(self._base, version)


def real_version(base: int, version: int | None) -> int | None:
    """The version the provisional ``version`` (-1, -2, …) of a push became, where the push's
    versions start after ``base``; a real one unchanged."""
    return base - version if version is not None and version < 0 else version


# PostgreSQL: adds %(count)s to the counter (whose row stays locked until commit) and stamps
# the transaction; ``taken`` gives the new value
TAKE_VERSIONS = (
    "taken AS (UPDATE version_counter SET value = value + %(count)s WHERE id = 1 "
    "RETURNING value), stamped AS (INSERT INTO version_stamp (version, stamp) "
    "SELECT value, %(stamp)s FROM taken)"
)


def take_versions(session: Session, count: int) -> int:
    """Adds ``count`` to the version counter and stamps the transaction (``VersionStamp``);
    returns the new value. The counter's row stays locked until commit."""
    stamp = secrets.token_hex(8)
    if session.get_bind().dialect.name == "postgresql":  # one round trip for both
        end: int = (
            session.connection()
            .exec_driver_sql(
                f"WITH {TAKE_VERSIONS} SELECT value FROM taken", {"count": count, "stamp": stamp}
            )
            .scalar_one()
        )
        return end
    end = session.execute(
        update(VersionCounter)
        .where(VersionCounter.id == 1)
        .values(value=VersionCounter.value + count)
        .returning(VersionCounter.value)
    ).scalar_one()
    session.execute(insert(VersionStamp).values(version=end, stamp=stamp))
    return end


@dataclass
class Rows:
    """Rows of one table (all with the same keys) for ``insert_rows``. With ``replace_on``, a
    row whose key columns exist already replaces the other columns of that row."""

    table: Any
    rows: list[dict[str, Any]]
    replace_on: tuple[str, ...] = ()
    # columns holding provisional versions (-1, -2, … of ``ProvisionalVersions``), made
    # real by the statement that takes them (``insert_rows`` with ``take``)
    versions: tuple[str, ...] = ()


def insert_rows(session: Session, *batches: Rows, take: int = 0) -> int | None:
    """Inserts the rows of each batch in bulk: a push writes hundreds of rows into several
    tables, and on PostgreSQL every statement costs a round trip and its share of the
    interpreter, so there all of them go in one statement (``WITH … AS (INSERT …)``).

    With ``take`` (PostgreSQL), that statement also takes ``take`` versions from the counter,
    makes the provisional versions of ``Rows.versions`` real and returns the counter's new
    value: the counter's lock, which every push queues for, is held from there to commit,
    not also while the push builds its rows."""
    batches = tuple(batch for batch in batches if batch.rows)
    if not batches and not take:
        return None
    if session.get_bind().dialect.name == "postgresql":
        inserts, parameters = [], {}
        for number, batch in enumerate(batches):
            columns = tuple(batch.rows[0])
            prefix = f"t{number}_"
            # a value all rows share (the push's time, user, table…) is sent once; the
            # first column always as an array, which gives the number of rows
            constant = []
            for index, name in enumerate(columns):
                values = _pg_array(batch.table.c[name], [row[name] for row in batch.rows])
                if index and values.count(values[0]) == len(values):
                    constant.append(name)
                    parameters[prefix + name] = values[0]
                else:
                    parameters[prefix + name] = values
            versions = frozenset(batch.versions) if take else frozenset()
            inserts.append(
                _unnest_insert(
                    batch.table, columns, batch.replace_on, prefix, frozenset(constant), versions
                )
            )
        named = [f"t{number} AS ({insert})" for number, insert in enumerate(inserts)]
        if take:
            parameters |= {"count": take, "stamp": secrets.token_hex(8)}
            sql = f"WITH {', '.join([TAKE_VERSIONS, *named])} SELECT value FROM taken"
            end: int = session.connection().exec_driver_sql(sql, parameters).scalar_one()
            return end
        sql = f"WITH {', '.join(named[:-1])} {inserts[-1]}" if len(inserts) > 1 else inserts[0]
        session.connection().exec_driver_sql(sql, parameters)
        return None
    assert not take, "versions are taken by the statement only on PostgreSQL"
    for batch in batches:
        statement = sqlite.insert(batch.table)
        if batch.replace_on:
            statement = statement.on_conflict_do_update(
                index_elements=list(batch.replace_on),
                set_={
                    name: statement.excluded[name]
                    for name in batch.rows[0]
                    if name not in batch.replace_on
                },
            )
        session.execute(statement, batch.rows)
    return None


@functools.cache
def _unnest_insert(
    table: Any,
    columns: tuple[str, ...],
    replace_on: tuple[str, ...],
    prefix: str,
    constant: frozenset[str] = frozenset(),
    versions: frozenset[str] = frozenset(),
) -> str:
    """``INSERT … SELECT … FROM unnest(arrays)``: one short statement for any number of rows,
    each column sent as one array in binary (``%(…)b``: the text format escapes every
    element), or as one value if it is ``constant`` (PostgreSQL). Parameters are named
    ``prefix`` + column; JSON goes as text. A column of ``versions`` holds provisional
    versions, made real from the counter taken in the same statement (``TAKE_VERSIONS``)."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    quote = dialect.identifier_preparer.quote
    arrays, given, picks = [], [], []
    for name in columns:
        column_type = table.c[name].type
        json = isinstance(column_type, JSON)
        sql_type = "text" if json else column_type.compile(dialect=dialect)
        if name in constant:
            picks.append(f"%({prefix}{name})b::{sql_type}")
        else:
            arrays.append(f"%({prefix}{name})b::{sql_type}[]")
            given.append(quote(name))
            picks.append(quote(name))
        if json:
            picks[-1] += "::json"
        if name in versions:  # version -k of the push is the counter before it + k
            picks[-1] = f"(SELECT value FROM taken) - %(count)s - {picks[-1]}"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
        f"SELECT {', '.join(picks)} FROM unnest({', '.join(arrays)}) AS given({', '.join(given)})"
    )
    if replace_on:
        updates = ", ".join(
            f"{quote(name)} = EXCLUDED.{quote(name)}" for name in columns if name not in replace_on
        )
        keys = ", ".join(quote(name) for name in replace_on)
        sql += f" ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    return sql


def _pg_array(column: Any, values: list[Any]) -> list[Any]:
    """A column's values as ``_unnest_insert`` sends them (JSON as text)."""
    if not isinstance(column.type, JSON):
        return values
    return [None if value is None else to_json(value).decode() for value in values]


def among(session: Session, column: Any, values: Iterable[Any]) -> Any:
    """``column IN values``. On PostgreSQL as ``= ANY(array)``: one parameter however many
    values, where ``IN`` makes SQLAlchemy render a parameter per value on every call."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        array = postgresql.ARRAY(column.type)
        return column == any_(bindparam(None, values, type_=array))
    return column.in_(values)


def keys_in(column: Any, name: str, dialect: str) -> Any:
    """``column IN :name`` for a statement built once (``Prebuilt``) and run with a list of
    keys as the parameter ``name``: ``= ANY(array)`` on PostgreSQL, as ``among``."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


class Prebuilt:
    """A statement built once per dialect and run with parameters. The queries every push
    makes cost more to build (and to find in SQLAlchemy's cache by the built statement's
    key) than to run; a statement built once keeps its key."""

    def __init__(self, build: Callable[[str], Any]) -> None:
        self._build = build
        self._built: dict[str, Any] = {}

    def __call__(self, session: Session) -> Any:
        dialect = session.get_bind().dialect.name
        if dialect not in self._built:
            self._built[dialect] = self._build(dialect)
        return self._built[dialect]


def current_version(session: Session) -> int:
    return session.scalar(select(VersionCounter.value).where(VersionCounter.id == 1)) or 0


def server_id(session: Session) -> uuid.UUID:
    value = session.scalar(select(ServerState.value).where(ServerState.key == "server_id"))
    return uuid.UUID(value)

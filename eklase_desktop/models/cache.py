"""The local SQLite cache: one file per user profile, durable, migrated on open (DESIGN §6).

A profile's cache is encrypted with SQLCipher (SPEC D2, issue 16): its key is derived from the
user's password with argon2id and is never stored. The argon2 salt is the file's first 16
bytes, which SQLCipher keeps in plain (its own salt, given with a raw key), so a password opens
the file with nothing beside it. A cache opened without a password (the tests' laptops, the
benchmarks, a report's scratch demo) is plain SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from alembic import command
from alembic.config import Config
from argon2.low_level import Type, hash_secret_raw
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.paths import private_database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
CACHE_BRANCHES = (MIGRATIONS / "journal", MIGRATIONS / "cache")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SPEC S1: WAL with synchronous=FULL, so a committed edit survives a crash or power loss.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    # No foreign-key enforcement here: the cache is a replica of what the server allows, and
    # a pulled page may bring a row before its parent (or a parent outside the user's scope).
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config(url: str, branches: Sequence[Path] = CACHE_BRANCHES) -> Config:
    """An Alembic configuration for ``url`` whose revisions are those of ``branches``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", " ".join(str(b) for b in branches))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", url)
    return config


PLAIN_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16


class CacheLocked(Exception):
    """The password does not open this cache (or the file is not a cache at all)."""


def derive_key(password: str, salt: bytes) -> bytes:
    """The cache's 256-bit key: argon2id with RFC 9106's second recommended parameters
    (3 passes over 64 MiB, 4 lanes), about a tenth of a second here."""
    return hash_secret_raw(
        password.encode(),
        salt,
        time_cost=3,
        memory_cost=64 * 1024,
        parallelism=4,
        hash_len=32,
        type=Type.ID,
    )


@dataclass
class _Cipher:
    key: bytes
    salt: bytes

    def pragma(self) -> str:
        # a raw key (hex) with its salt: SQLCipher skips its own key derivation
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def unlock(self, dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our exception
        cursor.execute(f'PRAGMA key = "{self.pragma()}"')
        cursor.close()


_ciphers: weakref.WeakKeyDictionary[Engine, _Cipher] = weakref.WeakKeyDictionary()


def is_encrypted(path: Path) -> bool:
    """Whether the cache at ``path`` is an encrypted one (a new, empty file is not yet)."""
    if not path.exists():
        return False
    with path.open("rb") as file:
        header = file.read(len(PLAIN_HEADER))
    return bool(header) and header != PLAIN_HEADER


def create_cache_engine(path: Path, password: str | None = None) -> Engine:
    """An engine on the cache file at ``path`` (created with its folder if missing, private:
    0600 in a 0700 folder), encrypted with a key derived from ``password`` if one is given: a
    plain cache already there is encrypted first. Raises CacheLocked if the password does not
    open it."""
    private_database(path)
    if password is None:
        engine = create_engine(f"sqlite:///{path}")
    else:
        if path.stat().st_size and not is_encrypted(path):
            _encrypt(path, password)
        # the salt is the file's plain first bytes; a new (empty) file gets a new one
        with path.open("rb") as file:
            salt = file.read(SALT_BYTES) or os.urandom(SALT_BYTES)
        cipher = _Cipher(derive_key(password, salt), salt)
        engine = create_engine(f"sqlite:///{path}", module=sqlcipher3.dbapi2)
        event.listen(engine, "connect", cipher.unlock)
        _ciphers[engine] = cipher
    event.listen(engine, "connect", _sqlite_pragmas)
    if password is not None:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
        except DatabaseError as error:
            engine.dispose()
            raise CacheLocked(str(path)) from error
    return engine


def _encrypt(path: Path, password: str) -> None:
    """Encrypts a plain cache (one from before encryption) in place: a copy is exported
    encrypted beside it and then takes its place, so a crash leaves one whole file."""
    with sqlite3.connect(path) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    plain.close()
    salt = os.urandom(SALT_BYTES)
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    private_database(target)
    connection = sqlcipher3.connect(str(path))
    try:
        key = _Cipher(derive_key(password, salt), salt).pragma()
        connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    with target.open("rb") as file:
        os.fsync(file.fileno())
    os.replace(target, path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def rekey(engine: Engine, password: str) -> None:
    """Re-encrypts the cache behind ``engine`` with a key derived from a new password (the
    user changed it). Connections keyed with the old one are closed."""
    cipher = _ciphers[engine]
    key = derive_key(password, cipher.salt)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    cipher.key = key
    engine.dispose()


def upgrade(engine: Engine, branches: Sequence[Path] = CACHE_BRANCHES) -> None:
    """Brings the schema up to the newest revision of every branch (a no-op when it is)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False), branches)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def open_cache(path: Path, password: str | None = None) -> sessionmaker[Session]:
    """Opens (creating or upgrading) the cache at ``path`` and returns its session factory;
    see create_cache_engine for ``password``."""
    engine = create_cache_engine(path, password)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)

"""The profile's options, each declared once with its default (STYLE: Picard)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import Setting

DEFAULTS: dict[str, str] = {
    "last_course": "",  # the id of the course last opened
    "show_average": "0",  # the journal's average column (SPEC J16)
    "remind_after_15": "1",  # say what today still lacks on the first start after 15:00
    "reminded_on": "",  # the day it last said so
    "lock_minutes": "10",  # lock the journal after this many idle minutes; 0: never (D2)
}


class Settings:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def get(self, key: str) -> str:
        default = DEFAULTS[key]  # an undeclared option is a programming error
        with self._factory() as session:
            row = session.get(Setting, key)
            return row.value if row is not None else default

    def set(self, key: str, value: str) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        with self._factory.begin() as session:
            session.merge(Setting(key=key, value=value))

"""School news on the laptop (SPEC C4): everyone reads the school's items, newest first, the
unread ones marked (what this profile has opened is kept here only); the clerk and the deputy
director write, change and delete them through ``news.set``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.news import NewsDetails, news_texts, validate_news
from eklase_desktop.domain.roles import Entity, can_write, require
from eklase_desktop.i18n import _
from eklase_desktop.models import News, NewsRead, Staff
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.outbox import enqueue


@dataclass(frozen=True)
class NewsItem:
    id: uuid.UUID
    details: NewsDetails
    author: str  # "First Last", or "" for an item whose author the laptop does not know
    unread: bool
    waiting: bool  # written here, not yet confirmed by the server


class SchoolNews:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    @property
    def writable(self) -> bool:
        return can_write(self._actor.roles, Entity.NEWS)

    def _school(self, session: Session) -> uuid.UUID | None:
        return session.scalar(select(Staff.school_id).where(Staff.id == self._actor.staff_id))

    def items(self) -> list[NewsItem]:
        """The school's items, the newest day first (and the latest written first within a
        day: by title then, as there is no time of day)."""
        with self._factory() as session:
            school = self._school(session)
            read = set(session.scalars(select(NewsRead.news_id)))
            rows = session.execute(
                select(News, Staff.first_name, Staff.last_name)
                .outerjoin(Staff, Staff.id == News.author_id)
                .where(News.school_id == school, News.deleted.is_(False))
                .order_by(News.day.desc(), News.title)
            ).all()
        return [
            NewsItem(
                row.id,
                NewsDetails(row.day, row.title, row.text),
                f"{first} {last}" if first else "",
                row.id not in read,
                row.version == 0,
            )
            for row, first, last in rows
        ]

    def unread(self) -> int:
        return sum(item.unread for item in self.items())

    def mark_read(self, news_id: uuid.UUID) -> None:
        with self._factory.begin() as session:
            if session.get(NewsRead, news_id) is None:
                session.add(NewsRead(news_id=news_id, read_at=clock.utc_naive()))

    def save(self, key: uuid.UUID | None, details: NewsDetails) -> uuid.UUID:
        """Publishes a new item (``key`` None) or changes one; raises DomainError."""
        require(self._actor.roles, Entity.NEWS)
        details = validate_news(details)
        with self._factory.begin() as session:
            row = self._existing(session, key) if key is not None else None
            return self._store(session, row, details, deleted=False)

    def delete(self, key: uuid.UUID) -> None:
        require(self._actor.roles, Entity.NEWS)
        with self._factory.begin() as session:
            row = self._existing(session, key)
            self._store(session, row, NewsDetails(row.day, row.title, row.text), deleted=True)

    def _existing(self, session: Session, key: uuid.UUID) -> News:
        row = session.get(News, key)
        if row is None or row.deleted or row.school_id != self._school(session):
            raise PermissionDenied(_("Ieraksts nav atrasts."))
        return row

    def _store(
        self, session: Session, row: News | None, details: NewsDetails, deleted: bool
    ) -> uuid.UUID:
        if row is None:
            school = self._school(session)
            if school is None:
                raise PermissionDenied(_("Lietotājs nav atrasts."))
            row = News(id=uuid.uuid4(), school_id=school, author_id=self._actor.staff_id)
            session.add(row)
            session.add(NewsRead(news_id=row.id, read_at=clock.utc_naive()))  # the author's
            base = None
        else:
            base = news_texts(NewsDetails(row.day, row.title, row.text), bool(row.deleted))
        row.day, row.title, row.text, row.deleted = (
            details.day,
            details.title,
            details.text,
            deleted,
        )
        enqueue(session, "news.set", news_args(row.id, details, deleted, base))
        return row.id


def news_args(
    key: uuid.UUID, details: NewsDetails, deleted: bool, base: dict[str, str | None] | None
) -> dict[str, object]:
    return {
        "news_id": str(key),
        "day": details.day.isoformat(),
        "title": details.title,
        "text": details.text,
        "deleted": deleted,
        "base": base,
    }

"""School news (Skolas jaunumi, SPEC C4): written by the clerk and the deputy director (M 22.4),
read by everyone at the school after a sync, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import _

MAX_TITLE = 200
MAX_TEXT = 10_000
NEWS_FIELDS = ("day", "title", "text", "deleted")


class InvalidNews(DomainError):
    """A news item the school would not publish; the message says why, in Latvian."""


@dataclass(frozen=True)
class NewsDetails:
    day: dt.date
    title: str
    text: str = ""


def validate_news(details: NewsDetails) -> NewsDetails:
    """The item with its title on one line and its text trimmed; raises InvalidNews."""
    title = " ".join(details.title.split())
    text = details.text.strip()
    if not title:
        raise InvalidNews(_("Norādiet jaunuma virsrakstu."))
    if len(title) > MAX_TITLE:
        raise InvalidNews(_("Virsraksts: ne vairāk kā {count} rakstzīmes.").format(count=MAX_TITLE))
    if len(text) > MAX_TEXT:
        raise InvalidNews(_("Teksts: ne vairāk kā {count} rakstzīmes.").format(count=MAX_TEXT))
    if not dt.date(2000, 1, 1) <= details.day <= dt.date(2099, 12, 31):
        raise InvalidNews(_("Datums nav derīgs."))
    return NewsDetails(details.day, title, text)


def news_texts(details: NewsDetails, deleted: bool = False) -> dict[str, str | None]:
    """An item's fields as wire text (``news.set``'s base and what merges compare)."""
    values = {**vars(details), "deleted": deleted}
    return {name: wire_text(values[name]) for name in NEWS_FIELDS}

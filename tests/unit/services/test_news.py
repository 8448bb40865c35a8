"""School news on the laptop (SPEC C4): the clerk and the deputy publish, change and delete;
everyone reads the school's items newest first with the unread ones marked; bad input is
refused with a Latvian reason and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.news import NewsDetails, validate_news
from eklase_desktop.models import News, NewsRead, OutboxEntry
from eklase_desktop.services.news import SchoolNews
from eklase_desktop.sync.mutation_args import NewsSetArgs
from tests.school import SmallSchool


def _queued(school: SmallSchool) -> list[NewsSetArgs]:
    with school.factory() as session:
        entries = session.scalars(select(OutboxEntry).where(OutboxEntry.mutation == "news.set"))
        return [NewsSetArgs.model_validate(entry.args) for entry in entries]


def test_published_changed_read_and_deleted(school: SmallSchool) -> None:
    deputy = SchoolNews(school.factory, school.actor("vietnieks"))
    teacher = SchoolNews(school.factory, school.actor("skolotajs1"))
    assert deputy.writable and not teacher.writable
    first = deputy.save(
        None, NewsDetails(dt.date(2026, 11, 2), "  Skolas   koncerts ", "\nPlkst. 18 ")
    )
    later = deputy.save(None, NewsDetails(dt.date(2026, 11, 4), "Vecāku sapulce"))
    assert [item.details.title for item in teacher.items()] == ["Vecāku sapulce", "Skolas koncerts"]
    assert deputy.unread() == 0  # the author has read what she wrote
    with school.factory.begin() as session:  # the teacher's own profile has read nothing
        session.execute(delete(NewsRead))
    [_, concert] = teacher.items()
    assert concert.details.text == "Plkst. 18" and concert.author == "Vita Vietniece"
    assert concert.unread and concert.waiting and teacher.unread() == 2
    teacher.mark_read(first)
    teacher.mark_read(first)  # (twice: still one)
    assert teacher.unread() == 1 and not teacher.items()[1].unread

    deputy.save(first, NewsDetails(dt.date(2026, 11, 2), "Skolas koncerts", "Plkst. 17"))
    deputy.delete(later)
    assert [item.details.text for item in teacher.items()] == ["Plkst. 17"]
    queued = _queued(school)
    assert [(args.title, args.deleted, args.base is None) for args in queued] == [
        ("Skolas koncerts", False, True),
        ("Vecāku sapulce", False, True),
        ("Skolas koncerts", False, False),
        ("Vecāku sapulce", True, False),
    ]
    assert queued[2].base == {
        "day": "2026-11-02",
        "title": "Skolas koncerts",
        "text": "Plkst. 18",
        "deleted": "false",
    }


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        ("   ", "", "Norādiet jaunuma virsrakstu."),
        ("x" * 201, "", "Virsraksts: ne vairāk kā 200 rakstzīmes."),
        ("Labi", "y" * 10_001, "Teksts: ne vairāk kā 10000 rakstzīmes."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    school: SmallSchool, title: str, text: str, reason: str
) -> None:
    deputy = SchoolNews(school.factory, school.actor("vietnieks"))
    with pytest.raises(DomainError) as refused:
        deputy.save(None, NewsDetails(dt.date(2026, 11, 2), title, text))
    assert refused.value.message == reason
    with school.factory() as session:
        assert session.scalars(select(News)).all() == []
    assert _queued(school) == []


def test_a_teacher_cannot_publish(school: SmallSchool) -> None:
    teacher = SchoolNews(school.factory, school.actor("skolotajs1"))
    with pytest.raises(DomainError, match="skolas jaunumi"):
        teacher.save(None, NewsDetails(dt.date(2026, 11, 2), "Mans jaunums"))
    assert _queued(school) == []


def test_validation_keeps_the_day_and_trims() -> None:
    day = dt.date(2026, 11, 2)
    assert validate_news(NewsDetails(day, " a\n b ", " c ")) == NewsDetails(day, "a b", "c")
    with pytest.raises(DomainError, match="Datums"):
        validate_news(NewsDetails(dt.date(1999, 12, 31), "a"))

"""School news through a real server (SPEC C4): the deputy publishes on her laptop, a
teacher's laptop has it after a sync, with its author; a change and a deletion follow; a
teacher's own ``news.set`` is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid

from eklase_desktop.domain.news import NewsDetails
from eklase_desktop.services.news import SchoolNews, news_args
from tests.integration.laptops import LaptopFactory, push_one


def test_published_on_one_laptop_read_on_another(laptops: LaptopFactory) -> None:
    deputy, teacher = laptops("vietnieks"), laptops("skolotajs1")
    board = SchoolNews(deputy.factory, deputy.actor)
    key = board.save(None, NewsDetails(dt.date(2026, 11, 4), "Vecāku sapulce", "Plkst. 18"))
    assert deputy.sync().pushed["applied"] == 1
    teacher.sync()
    news = SchoolNews(teacher.factory, teacher.actor)
    [item] = news.items()
    assert (item.id, item.details.title, item.details.text) == (key, "Vecāku sapulce", "Plkst. 18")
    assert item.author == "Dace Liepiņa" and item.unread and not item.waiting

    board.save(key, NewsDetails(dt.date(2026, 11, 4), "Vecāku sapulce", "Plkst. 17.30"))
    deputy.sync()
    teacher.sync()
    assert [i.details.text for i in news.items()] == ["Plkst. 17.30"]

    # a teacher's laptop that sends one anyway (an old or a tampered one) is refused
    forged = news_args(uuid.uuid4(), NewsDetails(dt.date(2026, 11, 5), "Brīvdiena!"), False, None)
    result = push_one(teacher.client, "news.set", forged)
    assert result.status == "rejected" and "skolas jaunumi" in (result.reason or "")
    teacher.sync()
    assert [i.details.title for i in news.items()] == ["Vecāku sapulce"]

    board.delete(key)
    deputy.sync()
    teacher.sync()
    assert news.items() == []

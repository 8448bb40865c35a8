"""School news on the server (SPEC C4): ``news.set`` — the clerk or the deputy director
writes, changes or deletes an item; everyone at the school pulls it. The author is the
first sender, decided here; fields merge like a set-up record's."""

from __future__ import annotations

from eklase_desktop.domain.news import NEWS_FIELDS, NewsDetails, news_texts, validate_news
from eklase_desktop.domain.roles import Entity
from eklase_desktop.models import News
from eklase_desktop.sync.mutation_args import NewsSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName
from eklase_server.context import Context, Declared, Result
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_set_up,
    resolver_of,
    school_of,
    set_record,
)

NEWS = Record.of(
    "news",
    News,
    Entity.NEWS,
    NEWS_FIELDS,
    lambda row: NewsDetails(row.day, row.title, row.text),
    news_texts,
    validate_news,
)


def news_set(context: Context, args: NewsSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.NEWS)
    details = validate_news(NewsDetails(args.day, args.title, args.text))
    row = context.session.get(News, args.news_id)
    if row is not None:
        own_school(context, row.school_id)
    new = News(id=args.news_id, school_id=school_of(context), author_id=context.user.staff_id)
    return set_record(context, NEWS, row, new, news_texts(details, args.deleted), args.base)


DECLARED = (
    Declared(
        MutationName.NEWS_SET,
        news_set,
        senders="clerk, deputy (`Entity.NEWS`)",
        checks=(
            "role; the title 1–200 characters on one line, the text at most 10,000, a date "
            "2000–2099 (`domain.news.validate_news`); an existing item of the user's school; "
            "merge; the author is the first sender (not an argument)"
        ),
        merge="per field (`NEWS_FIELDS`), the last to arrive wins; review of the replaced",
        scope="every user of the school",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(NEWS),
    ),
)

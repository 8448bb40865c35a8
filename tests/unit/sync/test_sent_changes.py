"""Acknowledged outbox entries are kept for a while, to be sent again to a server restored
from a backup (docs/sync-protocol.md §9); refused ones are not, old ones go."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.models import OutboxEntry, RejectedChange, SentChange
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import KEEP_SENT, SyncEngine, SyncReport
from eklase_desktop.sync.protocol import MutationResult, Status


def _entry(seq: int) -> OutboxEntry:
    args = {"mark_id": str(uuid.UUID(int=seq)), "value": "7", "base": None}
    return OutboxEntry(seq=seq, mutation="mark.set", args=args, created_at=dt.datetime(2026, 11, 2))


def test_acknowledged_entries_are_kept_refused_and_old_ones_are_not(
    factory: sessionmaker[Session],
) -> None:
    old = clock.utc_naive() - KEEP_SENT - dt.timedelta(hours=1)
    with factory.begin() as session:
        session.add_all([_entry(1), _entry(2), _entry(3)])
        session.add(
            SentChange(seq=0, mutation="mark.set", args={}, created_at=old, acknowledged_at=old)
        )
    engine = SyncEngine(factory, SyncClient("http://127.0.0.1:9"))
    results = [
        MutationResult(seq=1, status=Status.APPLIED, version=10),
        MutationResult(seq=2, status=Status.CONFLICT, version=11),
        MutationResult(seq=3, status=Status.REJECTED, reason="Nē."),
    ]
    engine._record(results, SyncReport())
    with factory() as session:
        assert session.scalars(select(OutboxEntry)).all() == []
        kept = {e.seq: e for e in session.scalars(select(SentChange))}
        assert sorted(kept) == [1, 2]  # not the refused one, not the one kept too long
        assert kept[1].args == {"mark_id": str(uuid.UUID(int=1)), "value": "7", "base": None}
        assert kept[1].mutation == "mark.set"
        assert [r.seq for r in session.scalars(select(RejectedChange))] == [3]

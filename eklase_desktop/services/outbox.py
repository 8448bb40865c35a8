"""Queuing a change for the server (SPEC S1)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.models import OutboxEntry


def enqueue(
    session: Session, mutation: str, args: dict[str, object], base_version: int = 0
) -> None:
    """Queues a mutation in the outbox, in the transaction of the change it carries (SPEC S1)."""
    session.add(
        OutboxEntry(
            mutation=mutation,
            args=args,
            base_version=base_version,
            created_at=clock.utc_naive(),
        )
    )

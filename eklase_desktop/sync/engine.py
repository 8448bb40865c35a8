"""The sync engine: hello, push the outbox, pull pages, fetch conflicts (DESIGN §4, SPEC S1).

Crash-safe by construction: an outbox entry is deleted only in the transaction that records
its result, and a pulled page is applied in one transaction with its cursor. Killed at any
moment, the next run repeats the last step, and the server's receipts make a repeated push
return the same results.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    LocalConflict,
    OutboxEntry,
    RejectedChange,
    SentChange,
    SyncState,
)
from eklase_desktop.sync.client import ServerError, SyncClient
from eklase_desktop.sync.faults import crashpoint
from eklase_desktop.sync.protocol import (
    MAX_BATCH,
    PROTOCOL_VERSION,
    REFRESH_AFTER_REFUSAL,
    ConflictInfo,
    HelloRequest,
    Mutation,
    MutationName,
    MutationResult,
    PullRequest,
    PushRequest,
    Status,
)
from eklase_desktop.sync.rows import (
    apply_rows,
    forget_synced_rows,
    forget_unacknowledged,
    pending_rows,
    row_of,
)

PULL_PAGE = 2000
# How long acknowledged changes are kept to re-send to a server restored from a backup.
KEEP_SENT = dt.timedelta(days=60)


@dataclass
class SyncReport:
    pushed: Counter[str] = field(default_factory=Counter)
    pulled: int = 0
    open_conflicts: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)
    finished_at: dt.datetime | None = None


def utc_now() -> dt.datetime:
    return clock.utc_now()


class State:
    """The engine's keys in the cache's ``sync_state`` table."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory

    def get(self, key: str, default: str = "") -> str:
        with self._factory() as session:
            row = session.get(SyncState, key)
            return row.value if row else default

    def set(self, key: str, value: str, session: Session | None = None) -> None:
        if session is not None:
            session.merge(SyncState(key=key, value=value))
            return
        with self._factory.begin() as own:
            own.merge(SyncState(key=key, value=value))

    def client_id(self) -> uuid.UUID:
        text = self.get("client_id")
        if not text:
            text = str(uuid.uuid4())
            self.set("client_id", text)
        return uuid.UUID(text)


class SyncEngine:
    def __init__(self, factory: sessionmaker[Session], client: SyncClient) -> None:
        self._factory = factory
        self._client = client
        self.state = State(factory)

    def sync(self) -> SyncReport:
        """One full round: hello, push everything waiting, pull everything new, conflicts."""
        report = SyncReport()
        self._hello(report)
        self._push(report)
        self._pull(report)
        self._fetch_conflicts(report)
        report.finished_at = utc_now()
        self.state.set("last_sync", report.finished_at.isoformat())
        return report

    # --- hello -------------------------------------------------------------------------

    def _hello(self, report: SyncReport) -> None:
        with self._factory() as session:
            sent = session.scalar(select(func.max(SentChange.seq))) or 0
            next_seq = max(session.scalar(select(func.max(OutboxEntry.seq))) or 0, sent) + 1
        answer = self._client.hello(
            HelloRequest(
                protocol_version=PROTOCOL_VERSION,
                client_id=self.state.client_id(),
                next_seq=next_seq,
                cursor=self.state.get("cursor") or None,
                client_time=utc_now(),
            )
        )
        report.warnings.extend(answer.warnings)
        known_server = self.state.get("server_id")
        # Our acknowledged changes missing on the same server: it was restored from a backup.
        # (Another server never had them: nothing is re-sent there.)
        same_server = not known_server or known_server == str(answer.server_id)
        lost = 0
        if sent and (not same_server or sent > answer.last_seq_seen):  # else nothing to do
            lost = self._resend_lost(answer.last_seq_seen if same_server else None)
        if lost:
            report.warnings.append(
                _(
                    "Serveris ir atjaunots no rezerves kopijas: {count} izmaiņas nosūta vēlreiz."
                ).format(count=lost)
            )
        if (
            lost
            or not answer.cursor_valid
            or (known_server and known_server != str(answer.server_id))
        ):
            # The server's data is older than ours (restored from a backup) or it is another
            # server: download everything again in place of what is here; edits waiting
            # here are pushed as usual.
            self.state.set("cursor", "")
            self.state.set("reset", "1")
            report.warnings.append(
                _("Serveris ir atjaunots vai mainīts: dati tiek lejupielādēti no jauna.")
            )
        self.state.set("server_id", str(answer.server_id))

    def _resend_lost(self, last_seq_seen: int | None) -> int:
        """Puts the acknowledged changes a restored server no longer has (seq above
        ``last_seq_seen``) back into the outbox under their own seqs: they merge against what
        the server has now, like any edit. ``None``: another server; forget them."""
        with self._factory.begin() as session:
            if last_seq_seen is None:
                session.execute(delete(SentChange))
                return 0
            lost = list(session.scalars(select(SentChange).where(SentChange.seq > last_seq_seen)))
            for entry in lost:
                session.add(OutboxEntry(**entry_fields(entry)))
                session.delete(entry)
            return len(lost)

    # --- push --------------------------------------------------------------------------

    def _push(self, report: SyncReport) -> None:
        retried = False
        while True:
            with self._factory() as session:
                entries = list(
                    session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(MAX_BATCH))
                )
            if not entries:
                return
            crashpoint("client.push.before_send")
            request = PushRequest(
                client_id=self.state.client_id(),
                mutations=[
                    Mutation(
                        seq=e.seq,
                        name=MutationName(e.mutation),
                        version=e.mutation_version,
                        args=e.args,
                        base_version=e.base_version,
                    )
                    for e in entries
                ],
            )
            try:
                response = self._client.push(request)
            except ServerError as error:
                if error.status != 409 or "seq_reused" not in error.message or retried:
                    raise
                # Our seqs were used before for other changes (this cache was restored from
                # a backup): continue under a new client id; set-style mutations repeat safely.
                # Changes kept as sent belong to the old id: the server has them.
                with self._factory.begin() as session:
                    session.execute(delete(SentChange))
                    self.state.set("client_id", str(uuid.uuid4()), session)
                retried = True
                continue
            crashpoint("client.push.after_response")
            self._record(response.results, report)

    def _record(self, results: list[MutationResult], report: SyncReport) -> None:
        now = utc_now().replace(tzinfo=None)
        kept: list[dict[str, object]] = []
        with self._factory.begin() as session:
            entries = {
                e.seq: e
                for e in session.scalars(
                    select(OutboxEntry).where(OutboxEntry.seq.in_([r.seq for r in results]))
                )
            }
            for result in results:
                entry = entries.get(result.seq)
                if entry is None:
                    continue
                report.pushed[result.status] += 1
                if result.status == Status.REJECTED:
                    if entry.mutation in REFRESH_AFTER_REFUSAL:
                        # what it wrote beside its own row (enrolments, guardians, semesters)
                        # cannot be undone here: take the server's copy afresh this round
                        self.state.set("reset", "1", session)
                        self.state.set("cursor", "", session)
                    session.merge(
                        RejectedChange(
                            seq=entry.seq,
                            mutation=entry.mutation,
                            args=entry.args,
                            reason=result.reason or "",
                            rejected_at=utc_now().replace(tzinfo=None),
                        )
                    )
                    report.rejected += 1
                else:
                    kept.append(sent(entry, now))
                session.delete(entry)
            if kept:  # one statement for a batch of hundreds
                session.execute(insert(SentChange), kept)
            session.execute(delete(SentChange).where(SentChange.acknowledged_at < now - KEEP_SENT))
            session.flush()
            rows = [result.row for result in results if result.row is not None]
            # a new row the server never had and did not take — refused, or held as a
            # conflict (a change in a closed period): not kept here; a conflict keeps the
            # value for a person to decide, the cell shows the server's until then
            forgotten = [
                entry
                for result in results
                if result.status in (Status.REJECTED, Status.CONFLICT)
                and result.row is None
                and (entry := entries.get(result.seq))
            ]
            pending = pending_rows(
                session,
                {(row.table, row.id) for row in rows}
                | {key for entry in forgotten if (key := row_of(entry.mutation, entry.args))},
            )
            apply_rows(session, rows, pending)
            for entry in forgotten:
                forget_unacknowledged(session, entry.mutation, entry.args, pending)

    # --- pull --------------------------------------------------------------------------

    def _pull(self, report: SyncReport) -> None:
        # set by hello (a restored server) or by a refused set-up change
        restored = self.state.get("reset") == "1"
        while True:
            page = self._client.pull(
                PullRequest(
                    client_id=self.state.client_id(),
                    cursor=self.state.get("cursor") or None,
                    limit=PULL_PAGE,
                )
            )
            crashpoint("client.pull.after_response")
            with self._factory.begin() as session:
                if page.reset or restored:
                    forget_synced_rows(session, pending_rows(session))  # in the page's transaction
                    self.state.set("reset", "", session)
                    restored = False
                pending = pending_rows(session, ((c.table, c.id) for c in page.changes))
                report.pulled += apply_rows(session, page.changes, pending)
                self.state.set("cursor", page.cursor, session)
                crashpoint("client.pull.before_commit")
            if not page.more:
                return

    # --- conflicts ---------------------------------------------------------------------

    def _fetch_conflicts(self, report: SyncReport) -> None:
        conflicts = self._client.conflicts().conflicts
        with self._factory.begin() as session:
            # A decision still in the outbox keeps its conflict shown as "resolving".
            waiting = {
                str(args.get("conflict_id"))
                for name, args in session.execute(select(OutboxEntry.mutation, OutboxEntry.args))
                if name == MutationName.CONFLICT_RESOLVE
            }
            session.execute(delete(LocalConflict).where(LocalConflict.id.not_in(waiting)))
            for conflict in conflicts:
                if str(conflict.id) not in waiting:
                    session.add(to_local(conflict))
            report.open_conflicts = len(conflicts)
            report.rejected = (
                session.scalar(
                    select(func.count())
                    .select_from(RejectedChange)
                    .where(RejectedChange.dismissed.is_(False))
                )
                or 0
            )


# What an outbox entry and a sent change have in common.
ENTRY_FIELDS = ("seq", "mutation", "mutation_version", "args", "base_version", "created_at")


def entry_fields(entry: OutboxEntry | SentChange) -> dict[str, object]:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def sent(entry: OutboxEntry, at: dt.datetime) -> dict[str, object]:
    """An acknowledged entry as a ``SentChange`` row."""
    return entry_fields(entry) | {"acknowledged_at": at}


def to_local(conflict: ConflictInfo) -> LocalConflict:
    return LocalConflict(
        id=str(conflict.id),
        entity=conflict.entity,
        row_id=str(conflict.row_id),
        field=conflict.field,
        base=conflict.base,
        mine=conflict.mine,
        theirs=conflict.theirs,
        theirs_by=conflict.theirs_by,
        theirs_at=conflict.theirs_at.astimezone().replace(tzinfo=None)
        if conflict.theirs_at
        else None,
        kind=conflict.kind,
        context=conflict.context | {"mine_by": conflict.mine_by, "viewer": conflict.viewer},
        status="open",
    )

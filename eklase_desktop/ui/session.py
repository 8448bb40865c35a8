"""What a window works with: the cache, the signed-in actor, their services and sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.services.actor import Actor
from eklase_desktop.services.editing import JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.settings import Settings
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner


@dataclass
class Workspace:
    factory: sessionmaker[Session]
    actor: Actor
    settings: Settings
    reader: JournalReader
    editor: JournalEditor
    tasks: TaskRunner
    sync: SyncController | None = None  # None: a cache with no server (tests)

    @classmethod
    def open(
        cls,
        factory: sessionmaker[Session],
        actor: Actor,
        tasks: TaskRunner,
        sync: SyncController | None = None,
    ) -> Workspace:
        return cls(
            factory=factory,
            actor=actor,
            settings=Settings(factory),
            reader=JournalReader(factory, actor),
            editor=JournalEditor(factory, actor),
            tasks=tasks,
            sync=sync,
        )

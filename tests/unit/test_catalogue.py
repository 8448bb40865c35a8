"""The mutation catalogue (DESIGN §5): one declaration per mutation, from which the push,
the conflict resolver and the protocol document's table are made."""

from __future__ import annotations

from pathlib import Path

from eklase_desktop.sync.mutation_args import MUTATION_ARGS
from eklase_desktop.sync.protocol import ROW_KEYS, MutationName
from eklase_server.catalogue import CATALOGUE, RESOLVERS, catalogue_markdown, documented

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md"


def test_every_mutation_of_the_protocol_is_declared_once() -> None:
    assert sorted(CATALOGUE) == sorted(name.value for name in MutationName)
    assert all(declared.args is MUTATION_ARGS[declared.name] for declared in CATALOGUE.values())


def test_a_decision_can_be_written_on_every_table_a_mutation_changes() -> None:
    assert set(RESOLVERS) == set(ROW_KEYS)
    assert CATALOGUE["conflict.resolve"].table is None


def test_the_protocol_document_shows_the_catalogue_as_declared() -> None:
    """Run scripts/mutation-catalogue after changing a declaration."""
    assert documented(DOCUMENT.read_text(encoding="utf-8")) == catalogue_markdown()


def test_the_table_names_arguments_with_their_limits() -> None:
    table = catalogue_markdown()
    row = next(line for line in table.splitlines() if line.startswith("| `mark.set`"))
    assert "`value` str\\|null ≤ 10" in row and "`base` str\\|null = null" in row
    assert "course teacher, that lesson's substitute, deputy" in row


def test_only_single_cell_changes_lock_their_lessons_shared() -> None:
    cells = {name for name, declared in CATALOGUE.items() if declared.cell}
    assert cells == {"mark.set", "attendance.set_presence", "attendance.set_justification"}

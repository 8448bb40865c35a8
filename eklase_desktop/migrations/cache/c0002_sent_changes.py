"""sent changes: acknowledged outbox entries kept to re-send to a restored server

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-23 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0002"
down_revision: str | None = "c0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sent_change",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mutation", sa.String(length=50), nullable=False),
        sa.Column("mutation_version", sa.Integer(), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sent_change")),
    )
    with op.batch_alter_table("sent_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sent_change_acknowledged_at"), ["acknowledged_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sent_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sent_change_acknowledged_at"))
    op.drop_table("sent_change")

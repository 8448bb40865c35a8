"""school rules: the deputy's thresholds and the late-correction rule (SPEC V1, V8)

Revision ID: j0010
Revises: j0009
Create Date: 2026-12-04 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0010"
down_revision: str | None = "j0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_rules",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("min_marks", sa.Integer(), nullable=False),
        sa.Column("average_drop", sa.String(length=5), nullable=False),
        sa.Column("unjustified_limit", sa.Integer(), nullable=False),
        sa.Column("late_changes", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_school_rules_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_rules")),
    )
    with op.batch_alter_table("school_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_rules_school_id"), ["school_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("school_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_rules_school_id"))
    op.drop_table("school_rules")

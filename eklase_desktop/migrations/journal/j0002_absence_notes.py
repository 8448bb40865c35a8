"""absence notes: the register of absence notes (zīmju reģistrs)

Revision ID: j0002
Revises: j0001
Create Date: 2026-11-23 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0002"
down_revision: str | None = "j0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "absence_note",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("justification", sa.String(length=1), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("entered_by_id", sa.Uuid(), nullable=True),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["staff.id"], name=op.f("fk_absence_note_entered_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_absence_note_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_note")),
    )
    with op.batch_alter_table("absence_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_absence_note_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("absence_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_note_student_id"))
    op.drop_table("absence_note")

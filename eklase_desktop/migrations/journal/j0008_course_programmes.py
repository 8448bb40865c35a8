"""course programmes: a professional course's semester programme (SPEC J11)

Revision ID: j0008
Revises: j0007
Create Date: 2026-12-03 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0008"
down_revision: str | None = "j0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "course_programme",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("semester", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_programme_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_programme")),
        sa.UniqueConstraint("course_id", "semester", name=op.f("uq_course_programme_course_id")),
    )
    with op.batch_alter_table("course_programme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_programme_course_id"), ["course_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("course_programme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_programme_course_id"))
    op.drop_table("course_programme")

"""class logs: conversations, safety briefings, notes for parents, behaviour entries

Revision ID: j0003
Revises: j0002
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0003"
down_revision: str | None = "j0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "class_log_entry",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("class_group_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("with_whom", sa.String(length=200), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_class_log_entry_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_group.id"],
            name=op.f("fk_class_log_entry_class_group_id_class_group"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_class_log_entry_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_class_log_entry_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_log_entry")),
    )
    with op.batch_alter_table("class_log_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_log_entry_class_group_id"), ["class_group_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("class_log_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_log_entry_class_group_id"))
    op.drop_table("class_log_entry")

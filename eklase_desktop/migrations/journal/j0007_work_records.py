"""work records: the concertmaster's accompanied lessons, practice hours and individual work
(SPEC K1, J6, J15)

Revision ID: j0007
Revises: j0006
Create Date: 2026-12-03 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0007"
down_revision: str | None = "j0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_record",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("lesson_id", sa.Uuid(), nullable=True),
        sa.Column("class_group_id", sa.Uuid(), nullable=True),
        sa.Column("students", sa.JSON(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hours", sa.String(length=6), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_work_record_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_group.id"],
            name=op.f("fk_work_record_class_group_id_class_group"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_work_record_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_work_record_lesson_id_lesson")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_record")),
    )
    with op.batch_alter_table("work_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_record_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_record_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_record_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_record_day"))
        batch_op.drop_index(batch_op.f("ix_work_record_course_id"))
        batch_op.drop_index(batch_op.f("ix_work_record_author_id"))
    op.drop_table("work_record")

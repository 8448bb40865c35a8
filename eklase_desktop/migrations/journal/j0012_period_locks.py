"""period locks: months and semesters the deputy closed (DOMAIN: period locks)

Revision ID: j0012
Revises: j0011
Create Date: 2026-12-04 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0012"
down_revision: str | None = "j0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "period_lock",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("class_group_id", sa.Uuid(), nullable=True),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("reopened", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_period_lock_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_group.id"],
            name=op.f("fk_period_lock_class_group_id_class_group"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_period_lock_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_period_lock_author_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_lock")),
    )
    with op.batch_alter_table("period_lock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_lock_school_id"), ["school_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("period_lock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_lock_school_id"))
    op.drop_table("period_lock")

"""journal checks: the deputy's checks and their remarks (SPEC V2, G 11)

Revision ID: j0011
Revises: j0010
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0011"
down_revision: str | None = "j0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "journal_check",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("classes", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=10), server_default="journals", nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_journal_check_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_journal_check_author_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_check")),
    )
    with op.batch_alter_table("journal_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_check_school_id"), ["school_id"], unique=False)
    op.create_table(
        "journal_remark",
        sa.Column("check_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=True),
        sa.Column("class_group_id", sa.Uuid(), nullable=True),
        sa.Column("addressee_id", sa.Uuid(), nullable=False),
        sa.Column("findings", sa.Text(), server_default="", nullable=False),
        sa.Column("remark", sa.Text(), server_default="", nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["journal_check.id"],
            name=op.f("fk_journal_remark_check_id_journal_check"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_journal_remark_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_group.id"],
            name=op.f("fk_journal_remark_class_group_id_class_group"),
        ),
        sa.ForeignKeyConstraint(
            ["addressee_id"], ["staff.id"], name=op.f("fk_journal_remark_addressee_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_remark")),
    )
    with op.batch_alter_table("journal_remark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_remark_check_id"), ["check_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_journal_remark_addressee_id"), ["addressee_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("journal_remark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_remark_addressee_id"))
        batch_op.drop_index(batch_op.f("ix_journal_remark_check_id"))
    op.drop_table("journal_remark")
    with op.batch_alter_table("journal_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_check_school_id"))
    op.drop_table("journal_check")

"""monthly statements: when each student's statement was printed and came back signed

Revision ID: j0004
Revises: j0003
Create Date: 2026-11-23 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0004"
down_revision: str | None = "j0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monthly_statement",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("printed_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_monthly_statement_student_id_student")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["staff.id"], name=op.f("fk_monthly_statement_updated_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_statement")),
        sa.UniqueConstraint("student_id", "month", name=op.f("uq_monthly_statement_student_id")),
    )
    with op.batch_alter_table("monthly_statement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monthly_statement_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("monthly_statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monthly_statement_student_id"))
    op.drop_table("monthly_statement")

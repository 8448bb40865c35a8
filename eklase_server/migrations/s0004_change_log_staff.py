"""change_log.staff_id: a row its author reads wherever it is (work records, SPEC K1, J15)

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-03 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0004"
down_revision: str | None = "s0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_change_log_staff_id", ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_log") as batch_op:
        batch_op.drop_index("ix_change_log_staff_id")
        batch_op.drop_column("staff_id")

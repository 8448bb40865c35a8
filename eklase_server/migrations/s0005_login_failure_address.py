"""login_failure.address: the login brake counts failures per source address too

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-04 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0005"
down_revision: str | None = "s0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_failure") as batch_op:
        batch_op.add_column(
            sa.Column("address", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.create_index("ix_login_failure_address", ["address"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_failure") as batch_op:
        batch_op.drop_index("ix_login_failure_address")
        batch_op.drop_column("address")

"""receipt.version_base: a push writes its rows and takes its versions in one statement

Revision ID: s0003
Revises: s0002
Create Date: 2026-11-24 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("receipt") as batch_op:
        batch_op.add_column(sa.Column("version_base", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("receipt") as batch_op:
        batch_op.drop_column("version_base")

"""version stamps: a random stamp per write transaction, to tell a restored server

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-23 10:05:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamps = op.create_table(
        "version_stamp",
        sa.Column("version", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_version_stamp")),
    )
    # One stamp covers every version handed out before: cursors made from now on name it.
    counter = op.get_bind().execute(sa.text("SELECT value FROM version_counter")).scalar()
    if counter is not None:
        op.bulk_insert(stamps, [{"version": counter, "stamp": secrets.token_hex(8)}])


def downgrade() -> None:
    op.drop_table("version_stamp")

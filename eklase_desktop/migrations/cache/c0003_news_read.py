"""news read: the news items this profile's user has opened (SPEC C4)

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0003"
down_revision: str | None = "c0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "news_read",
        sa.Column("news_id", sa.Uuid(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("news_id", name=op.f("pk_news_read")),
    )


def downgrade() -> None:
    op.drop_table("news_read")

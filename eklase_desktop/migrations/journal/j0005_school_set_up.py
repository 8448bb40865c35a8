"""school set-up: the year's first school day, a class's education programme, a subject's
short name for the journal grid, a member of staff's employment, a student's identity
document and admission and leaving orders, a course's weekly lessons

Revision ID: j0005
Revises: j0004
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0005"
down_revision: str | None = "j0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("school_year", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_school_day", sa.Date(), nullable=True))
    with op.batch_alter_table("class_group", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("programme", sa.String(length=200), server_default="", nullable=False)
        )
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("short_name", sa.String(length=20), server_default="", nullable=False)
        )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("employed_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("employed_until", sa.Date(), nullable=True))
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekly_lessons", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("student", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_document", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("id_document_issuer", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("id_document_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("admission_order", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("admitted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("leaving_order", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_column("weekly_lessons")
    with op.batch_alter_table("student", schema=None) as batch_op:
        for column in (
            "left_on",
            "leaving_order",
            "admitted_on",
            "admission_order",
            "id_document_date",
            "id_document_issuer",
            "id_document",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("employed_until")
        batch_op.drop_column("employed_from")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_column("short_name")
    with op.batch_alter_table("class_group", schema=None) as batch_op:
        batch_op.drop_column("programme")
    with op.batch_alter_table("school_year", schema=None) as batch_op:
        batch_op.drop_column("first_school_day")

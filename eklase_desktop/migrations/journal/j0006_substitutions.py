"""substitutions: a substitute teacher for a course from one day to another (SPEC J4); orders
about a student: transfers and expulsions (SPEC C2)

Revision ID: j0006
Revises: j0005
Create Date: 2026-12-03 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "j0006"
down_revision: str | None = "j0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "student_order",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("class_group_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_group.id"],
            name=op.f("fk_student_order_class_group_id_class_group"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_student_order_student_id_student")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_order")),
    )
    with op.batch_alter_table("student_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_student_order_student_id"), ["student_id"], unique=False
        )
    op.create_table(
        "substitution",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("substitute_id", sa.Uuid(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_substitution_course_id_course")
        ),
        sa.ForeignKeyConstraint(
            ["substitute_id"], ["staff.id"], name=op.f("fk_substitution_substitute_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_substitution")),
    )
    with op.batch_alter_table("substitution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_substitution_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_substitution_substitute_id"), ["substitute_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("substitution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_substitution_substitute_id"))
        batch_op.drop_index(batch_op.f("ix_substitution_course_id"))
    op.drop_table("substitution")
    with op.batch_alter_table("student_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_order_student_id"))
    op.drop_table("student_order")

"""analyst overrides and the person review queue

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 13:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analyst_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analyst_overrides")),
    )
    op.create_table(
        "person_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("name_a", sa.String(length=300), nullable=False),
        sa.Column("name_b", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_a_id"], ["people.id"],
                                name=op.f("fk_person_reviews_person_a_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_b_id"], ["people.id"],
                                name=op.f("fk_person_reviews_person_b_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_reviews")),
        sa.UniqueConstraint("person_a_id", "person_b_id", name=op.f("uq_person_reviews_person_a_id_person_b_id")),
    )


def downgrade() -> None:
    op.drop_table("person_reviews")
    op.drop_table("analyst_overrides")

"""ballot votes (participation, not leadership)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 14:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ballot_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=80), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("country_raw", sa.String(length=120), nullable=True),
        sa.Column("member_type", sa.String(length=4), nullable=True),
        sa.Column("vote", sa.String(length=20), nullable=True),
        sa.Column("will_participate", sa.Boolean(), nullable=True),
        sa.Column("experts_nominated", sa.Boolean(), nullable=True),
        sa.Column("vote_date", sa.String(length=10), nullable=True),
        sa.Column("closing_date", sa.String(length=10), nullable=True),
        sa.Column("result", sa.String(length=40), nullable=True),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["body"], ["bodies.slug"], name=op.f("fk_ballot_votes_body_bodies")),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name=op.f("fk_ballot_votes_group_id_groups")),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"],
                                name=op.f("fk_ballot_votes_snapshot_id_snapshots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_votes")),
        sa.UniqueConstraint("body", "document", "country", name=op.f("uq_ballot_votes_body_document_country")),
    )
    op.create_index(op.f("ix_ballot_votes_group_id"), "ballot_votes", ["group_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ballot_votes_group_id"), table_name="ballot_votes")
    op.drop_table("ballot_votes")

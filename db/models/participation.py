"""Participation signals that are not leadership: IEC new-work-proposal ballot votes."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class BallotVote(Base):
    """One member's vote on one ballot (e.g. IEC NP 57/2235/NP), as the ballot page lists it."""

    __tablename__ = "ballot_votes"
    __table_args__ = (UniqueConstraint("body", "document", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(ForeignKey("bodies.slug"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    document: Mapped[str] = mapped_column(String(80))
    project: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    country_raw: Mapped[str | None] = mapped_column(String(120))
    member_type: Mapped[str | None] = mapped_column(String(4))
    vote: Mapped[str | None] = mapped_column(String(20))
    will_participate: Mapped[bool | None] = mapped_column(Boolean)
    experts_nominated: Mapped[bool | None] = mapped_column(Boolean)
    vote_date: Mapped[str | None] = mapped_column(String(10))
    closing_date: Mapped[str | None] = mapped_column(String(10))
    result: Mapped[str | None] = mapped_column(String(40))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))

"""Analyst decisions: organisation overrides and the person de-duplication review queue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class AnalystOverride(Base):
    """One analyst action (org added, alias, parent set, people merged/kept apart): who, when."""

    __tablename__ = "analyst_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300))
    value: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PersonReview(Base):
    """A pair of people who may be one person: pending until an analyst merges or splits."""

    __tablename__ = "person_reviews"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    name_a: Mapped[str] = mapped_column(String(300))
    name_b: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|merged|distinct
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

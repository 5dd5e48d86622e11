"""Vocabulary tables (slug primary keys), seeded by the migrations."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class Body(Base):
    """A standards body: ISO, IEC, ITU-T, 3GPP."""

    __tablename__ = "bodies"
    slug: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Role(Base):
    """A normalised role; ``is_leadership`` roles count toward a country's share."""

    __tablename__ = "roles"
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    is_leadership: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

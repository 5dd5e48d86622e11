"""Posts: who (person or member body) held which role in which group over which interval."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base


class Post(Base):
    """One interval of one holder in one role of one group.

    ``valid_from`` is the observation date of the first snapshot that showed it, ``valid_to``
    the observation date of the first snapshot of the same scope that no longer did (open while
    null).  ``start_date`` / ``end_date`` / ``expected_end`` are what sources *state* (fuzzy
    ``YYYY[-MM[-DD]]``).  ``country`` and ``country_basis`` are the default attribution; every
    basis the post has is in :class:`PostAttribution`.
    """

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("key", "scope", "valid_from"),
        Index("ix_posts_span", "valid_from", "valid_to"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), index=True)
    scope: Mapped[str] = mapped_column(String(120), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    role: Mapped[str] = mapped_column(ForeignKey("roles.slug"), index=True)
    role_raw: Mapped[str | None] = mapped_column(String(200))
    holder_kind: Mapped[str] = mapped_column(String(16))  # person | member_body | organization
    holder_label: Mapped[str | None] = mapped_column(String(300))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    member_body_id: Mapped[int | None] = mapped_column(ForeignKey("member_bodies.id"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    organization_label: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    country_basis: Mapped[str | None] = mapped_column(String(20))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    expected_end: Mapped[str | None] = mapped_column(String(10))
    first_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    last_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    record_hash: Mapped[str] = mapped_column(String(64))
    attrs: Mapped[dict | None] = mapped_column(JSON)

    attributions: Mapped[list[PostAttribution]] = relationship(
        back_populates="post", cascade="all, delete-orphan"
    )


class PostAttribution(Base):
    """One country attribution of a post under one basis (listed, member_body, hq, …)."""

    __tablename__ = "post_attributions"
    __table_args__ = (UniqueConstraint("post_id", "basis"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    basis: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    detail: Mapped[str | None] = mapped_column(String(300))
    derived: Mapped[bool] = mapped_column(default=False)

    post: Mapped[Post] = relationship(back_populates="attributions")


class Observation(Base):
    """A snapshot showed a post (links every interval to the pages that prove it)."""

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("snapshot_id", "post_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)

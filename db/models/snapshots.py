"""Snapshots: every fetched page or feed, with provenance and its raw bytes (compressed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from db.base import Base


class Snapshot(Base):
    """One fetched page/feed.  ``status``: ``applied`` (history updated), ``unchanged``
    (same content as an applied one at a later date: extends last-seen only), ``superseded``
    (a later fetch of the same scope and date stands for that date), ``suspect`` (stored, not
    applied: too few records), ``failed`` (parser or HTTP error).  ``fetched_at`` is the
    retrieval time, ``observed_at`` the date the snapshot stands for; ``parser_version`` is
    the version whose records the history uses (updated when a rebuild re-parses it)."""

    __tablename__ = "snapshots"
    __table_args__ = (
        Index("ix_snapshots_scope_date", "scope", "observed_at"),
        Index("ix_snapshots_hash", "source", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(2000))
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime)
    observed_at: Mapped[dt.date] = mapped_column(Date)
    http_status: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(100))
    parser_name: Mapped[str] = mapped_column(String(40))
    parser_version: Mapped[str] = mapped_column(String(20))
    raw_gz: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    raw_size: Mapped[int | None] = mapped_column(Integer)
    record_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

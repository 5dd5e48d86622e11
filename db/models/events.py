"""Change events derived from successive snapshots, and crawl runs (source health)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

EVENT_KINDS = (
    "appointment",
    "departure",
    "role_change",
    "secretariat_transfer",
    "group_created",
    "group_closed",
    "group_renamed",
    "group_status_changed",
    "post_updated",
)


class ChangeEvent(Base):
    """Something changed between two snapshots of one scope (``before`` → ``after``).

    ``key`` is deterministic (kind, post keys, dates) so re-ingesting a snapshot never
    duplicates an event.  A rebuild or backfill may recreate or re-date an event, and two
    scopes (sources) showing one change each have their own event, so alerts are not keyed
    by this: they name the fact (kind, body, group, role, the holder's post key, country and
    the date the post began; :func:`tracker.alerts.events.identity`), and the alert
    deliveries (:class:`db.models.alerts.AlertDelivery`) record each fact once per subscriber.
    """

    __tablename__ = "change_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(600), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    body: Mapped[str] = mapped_column(ForeignKey("bodies.slug"), index=True)
    scope: Mapped[str] = mapped_column(String(120))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(32))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    previous_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL")
    )
    holder: Mapped[str | None] = mapped_column(String(300))
    previous_holder: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    previous_country: Mapped[str | None] = mapped_column(String(2))
    before_snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    after_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    before_date: Mapped[dt.date | None] = mapped_column(Date)
    after_date: Mapped[dt.date] = mapped_column(Date, index=True)
    details: Mapped[dict | None] = mapped_column(JSON)


class SourceRun(Base):
    """One crawl or import run of a source: when, how it ended, how many items."""

    __tablename__ = "source_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(40), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # running | ok | suspect | failed
    items: Mapped[int | None] = mapped_column(Integer)
    snapshots: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)

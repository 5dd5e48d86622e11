"""Alert deliveries, per-source crawl locks, and the scheduler's persistent job store.

* :class:`AlertDelivery`: one alert for one subscriber (an alert rule) on one channel.  A
  leadership alert is about a *fact*, not about the change event that revealed it:
  ``event_key`` is ``f:<hash>|<anchor>``, the hash of (alert kind, body, group, role, the
  holder's post key, country) and the date that post began
  (:func:`tracker.alerts.events.identity`).  The unique constraint on (subscriber, channel,
  event_key), together with :func:`tracker.alerts.rules.unrepeated` (the same fact within the
  same tenure of its holder is not recorded again, nor one recorded under the change-event
  keys used before), is what makes "each fact alerts each subscriber once" hold across
  restarts, re-crawls, a second source showing the same change, and history rebuilds or
  backfills that recreate or re-date events.  Rows are created first, sent afterwards, and a
  ``sent`` row is never sent again.  Contribution surges keep a key of their own
  (``contribution_surge|body|group|meeting|country``).
* :class:`SourceLock`: a lease that keeps two crawls of one source from overlapping, also
  across processes (the holder renews it while it runs; a dead holder's lease expires).
* :class:`SchedulerJob`: APScheduler 3's ``SQLAlchemyJobStore`` table, declared here so
  that the migrations create it and ``alembic check`` knows it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

DELIVERY_STATES = ("pending", "sent", "failed")


class AlertDelivery(Base):
    """One alert for one subscriber on one channel (``event_key``: the fact it is about, see
    the module docstring; ``event_kind``: the alert kind).

    ``status``: ``pending`` (not sent yet), ``sent`` (never sent again), ``failed`` (the last
    attempt failed; retried at ``next_attempt_at``, or not at all once that is null after
    ``max_attempts``).  ``payload`` holds everything the message needs (person, organisation,
    role, group, body, country, basis, first seen, source URL), captured when the alert was
    matched, so a later rebuild of the event history cannot change or lose a message.
    ``digest_day`` is set for subscribers in daily-digest mode: their alerts of one day go out
    together once that day is over.  ``claimed_until`` is a short lease taken by the sender.
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("subscriber", "channel", "event_key"),
        Index("ix_alert_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(100))
    event_key: Mapped[str] = mapped_column(String(600))
    event_kind: Mapped[str] = mapped_column(String(40))
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    payload: Mapped[dict] = mapped_column(JSON)
    digest_day: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SourceLock(Base):
    """A lease on one source: held while a crawl of it runs (renewed), released after."""

    __tablename__ = "source_locks"

    source: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SchedulerJob(Base):
    """APScheduler's job table (``SQLAlchemyJobStore``, same columns); written only by it."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)

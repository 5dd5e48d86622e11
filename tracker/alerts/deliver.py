"""Send pending alert deliveries; retry failures with exponential back-off; never lose one.

Each row (or each daily digest batch of rows) is first *claimed* with a short lease
(``claimed_until``) in its own committed transaction, so two senders never send the same row;
then sent; then marked ``sent`` (never sent again) or ``failed`` with its error, attempt count
and ``next_attempt_at``.  A crash after the claim leaves the row claimed until the lease runs
out, after which it is sent again: an unreachable server, a crash or a restart delays an
alert but never drops it.  With ``[delivery] max_attempts`` > 0 a row that failed that many
times stays ``failed`` with no next attempt (``sso-tracker alerts send --retry-failed``).

Digest subscribers' rows carry the day they were matched; they go out as one message per
(subscriber, channel, day) once that day (UTC) is over, or at once with ``flush_digests``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select, update

from db.models.alerts import AlertDelivery
from db.session import session_scope
from tracker.alerts.channels import make_channel
from tracker.alerts.config import AlertConfig
from tracker.alerts.rules import utcnow

log = logging.getLogger(__name__)
D = AlertDelivery


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)


def due(now: dt.datetime):
    """Rows that may be sent now: pending, or failed with a retry time that has come, and not
    claimed by a live sender."""
    return and_(
        or_(D.status == "pending", and_(D.status == "failed", D.next_attempt_at <= now)),
        or_(D.claimed_until.is_(None), D.claimed_until < now),
    )


def backoff(attempts: int, config: AlertConfig) -> float:
    d = config.delivery
    return min(d.retry_base_seconds * 2 ** max(attempts - 1, 0), d.retry_max_seconds)


def _claim(ids: list[int], now: dt.datetime, lease: float, url: str | None) -> list[int]:
    claimed = []
    with session_scope(url) as s:
        for row_id in ids:
            res = s.execute(
                update(D)
                .where(D.id == row_id, due(now))
                .values(claimed_until=now + dt.timedelta(seconds=lease))
            )
            if res.rowcount == 1:
                claimed.append(row_id)
    return claimed


def _batches(now: dt.datetime, flush_digests: bool, url: str | None):
    """[(channel, digest_day, [ids])]: one per immediate row, one per digest day."""
    with session_scope(url) as s:
        rows = s.execute(
            select(D.id, D.subscriber, D.channel, D.digest_day).where(due(now)).order_by(D.id)
        ).all()
    out, digests = [], defaultdict(list)
    for row_id, subscriber, channel, day in rows:
        if day is None:
            out.append((channel, None, [row_id]))
        elif flush_digests or day < now.date():
            digests[(subscriber, channel, day)].append(row_id)
    out += [(channel, day, ids) for (_sub, channel, day), ids in sorted(digests.items())]
    return out


def _finish(
    ids: list[int], now: dt.datetime, error: str | None, config: AlertConfig, url: str | None
) -> None:
    with session_scope(url) as s:
        for row in s.scalars(select(D).where(D.id.in_(ids))):
            row.attempts = (row.attempts or 0) + 1
            row.claimed_until = None
            if error is None:
                row.status, row.sent_at, row.last_error, row.next_attempt_at = (
                    "sent",
                    now,
                    None,
                    None,
                )
                continue
            row.status, row.last_error = "failed", error[:2000]
            limit = config.delivery.max_attempts
            row.next_attempt_at = (
                None
                if limit and row.attempts >= limit
                else now + dt.timedelta(seconds=backoff(row.attempts, config))
            )


def deliver_pending(
    config: AlertConfig,
    *,
    now: dt.datetime | None = None,
    flush_digests: bool = False,
    url: str | None = None,
) -> DeliveryReport:
    """Send every due delivery once; return what was sent and what failed."""
    now = now or utcnow()
    report = DeliveryReport()
    for channel_name, day, ids in _batches(now, flush_digests, url):
        cfg = config.channels.get(channel_name)
        if cfg is None:
            log.warning(
                "alerts: channel %r is no longer configured; %d alert(s) wait",
                channel_name,
                len(ids),
            )
            continue
        ids = _claim(ids, now, config.delivery.lease_seconds, url)
        if not ids:
            continue
        with session_scope(url) as s:
            payloads = [
                p for (p,) in s.execute(select(D.payload).where(D.id.in_(ids)).order_by(D.id))
            ]
        error = None
        try:
            make_channel(cfg, timeout=config.delivery.timeout_seconds).send(
                payloads, digest_day=day.isoformat() if day else None
            )
        except Exception as exc:  # noqa: BLE001  (any failure: keep the alert, retry later)
            error = f"{type(exc).__name__}: {exc}"
            log.warning(
                "alerts: delivery of %d alert(s) on %s failed: %s", len(ids), channel_name, error
            )
            report.errors.append(f"{channel_name}: {error}")
        _finish(ids, now, error, config, url)
        if error is None:
            report.sent += len(ids)
            report.messages += 1
        else:
            report.failed += len(ids)
    return report


def retry_failed(url: str | None = None, now: dt.datetime | None = None) -> int:
    """Make every failed row due now (also those that reached ``max_attempts``)."""
    with session_scope(url) as s:
        return s.execute(
            update(D).where(D.status == "failed").values(next_attempt_at=now or utcnow())
        ).rowcount


def run_alerts(
    config: AlertConfig,
    *,
    now: dt.datetime | None = None,
    url: str | None = None,
    flush_digests: bool = False,
) -> tuple[int, DeliveryReport]:
    """Match new events (committed first), then deliver everything due."""
    from tracker.alerts.rules import match_and_store

    created = match_and_store(config, now=now, url=url)
    return created, deliver_pending(config, now=now, flush_digests=flush_digests, url=url)

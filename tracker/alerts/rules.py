"""Match events against the alert rules and record one delivery per (subscriber, channel, event).

The delivery rows are the whole memory of the alert system.  They are inserted with
"on conflict do nothing" on the unique (subscriber, channel, event_key), in a transaction of
their own, *before* anything is sent; :mod:`tracker.alerts.deliver` sends them afterwards.
Matching again (a re-crawl, a restart, a history rebuild that recreates events with the
same keys) therefore adds nothing, and a crash between matching and sending leaves pending
rows that the next delivery pass sends.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

import db.models.alerts  # noqa: F401  (registers the alert tables)
from db.models.alerts import AlertDelivery
from tracker.alerts.channels import make_channel
from tracker.alerts.config import AlertConfig, Rule
from tracker.alerts.events import Lookup, matches, payload, recent_events, views
from tracker.alerts.surge import surges

log = logging.getLogger(__name__)
HEALTH_SUBSCRIBER = "source-health"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enabled_channels(config: AlertConfig, names) -> list[str]:
    """The channels among ``names`` whose settings (environment) are complete."""
    out = []
    for name in names:
        ok, why = make_channel(config.channels[name]).enabled()
        if ok:
            out.append(name)
        else:
            log.info("alert channel %s disabled: %s", name, why)
    return out


def _insert_ignore(session: Session, rows: list[dict]) -> int:
    if not rows:
        return 0
    table = AlertDelivery.__table__
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    created = 0
    for start in range(0, len(rows), 500):
        stmt = (
            insert(table)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["subscriber", "channel", "event_key"])
            .returning(table.c.id)  # only the rows actually inserted (rowcount is -1 on psycopg)
        )
        created += len(session.execute(stmt).all())
    return created


def delivery_rows(
    subscriber: str, channels: list[str], data: dict, now: dt.datetime, digest: bool = False
) -> list[dict]:
    first_seen = data.get("first_seen")
    return [
        {
            "subscriber": subscriber,
            "channel": channel,
            "event_key": data["key"],
            "event_kind": data["kind"],
            "payload": data,
            "event_date": dt.date.fromisoformat(first_seen) if first_seen else None,
            "digest_day": now.date() if digest else None,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for channel in channels
    ]


def _rule_rows(
    config: AlertConfig,
    rule: Rule,
    events,
    surge_payloads,
    now: dt.datetime,
    lookup: Lookup,
) -> list[dict]:
    channels = enabled_channels(config, rule.channels)
    if not channels:
        return []
    rows = []
    for ev in events:
        for view in views(ev):
            if matches(view, lookup, rule):
                rows += delivery_rows(
                    rule.name, channels, payload(view, lookup, rule.attribution), now, rule.digest
                )
    if "contribution_surge" in rule.events:
        for data in surge_payloads:
            if (
                (not rule.countries or data["country"] in rule.countries)
                and (not rule.bodies or data["body"] in rule.bodies)
                and (
                    not rule.groups
                    or any(
                        data["group"] == g or data["group"].startswith(g + "/") for g in rule.groups
                    )
                )
            ):
                rows += delivery_rows(rule.name, channels, data, now, rule.digest)
    return rows


def match_alerts(
    session: Session,
    config: AlertConfig,
    *,
    now: dt.datetime | None = None,
    since: dt.datetime | None = None,
) -> int:
    """Create the deliveries for every rule and every recent event; return how many are new.

    "Recent": proven by a snapshot stored within ``[delivery] lookback_days`` (or ``since``).
    Call inside a transaction that does nothing else, and commit before sending.
    """
    now = now or utcnow()
    since = since or now - dt.timedelta(days=config.delivery.lookback_days)
    rules = [r for r in config.rules if set(r.events) - {"source_health"}]
    if not rules:
        return 0
    events = recent_events(session, since)
    surge_payloads = (
        surges(session, since, config.surge)
        if any("contribution_surge" in r.events for r in rules)
        else []
    )
    lookup = Lookup(session)
    rows = []
    for rule in rules:
        rows += _rule_rows(config, rule, events, surge_payloads, now, lookup)
    created = _insert_ignore(session, rows)
    if created:
        log.info("alerts: %d new deliveries (%d matches)", created, len(rows))
    return created


def store_health_alert(
    session: Session, config: AlertConfig, data: dict, now: dt.datetime | None = None
) -> int:
    """Record a source-health alert (``data['key']`` names the failure streak) for the
    ``[source_health]`` channels and for every rule subscribed to ``source_health``."""
    now = now or utcnow()
    rows = delivery_rows(
        HEALTH_SUBSCRIBER, enabled_channels(config, config.health.channels), data, now
    )
    for rule in config.rules:
        if "source_health" in rule.events:
            rows += delivery_rows(
                rule.name, enabled_channels(config, rule.channels), data, now, rule.digest
            )
    return _insert_ignore(session, rows)


def match_and_store(
    config: AlertConfig, *, now: dt.datetime | None = None, url: str | None = None
) -> int:
    """:func:`match_alerts` in its own committed transaction."""
    from db.session import session_scope

    with session_scope(url) as session:
        return match_alerts(session, config, now=now)

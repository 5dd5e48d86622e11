"""Match events against the alert rules and record one delivery per (subscriber, channel, fact).

The delivery rows are the whole memory of the alert system.  They are inserted with
"on conflict do nothing" on the unique (subscriber, channel, event_key), in a transaction of
their own, *before* anything is sent; :mod:`tracker.alerts.deliver` sends them afterwards.
The event key of a leadership alert names the fact (:func:`tracker.alerts.events.identity`),
not the change event, and a fact already recorded for the subscriber and channel within the
same tenure of its holder is not recorded again (:func:`unrepeated`).  Matching again (a
re-crawl, a restart, a second source showing the same change, a history rebuild or backfill
that recreates or re-dates events) therefore adds nothing, and a crash between matching and
sending leaves pending rows that the next delivery pass sends.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

import db.models.alerts  # noqa: F401  (registers the alert tables)
from db.models import ChangeEvent, Post
from db.models.alerts import AlertDelivery
from tracker.alerts.channels import make_channel
from tracker.alerts.config import AlertConfig, Rule
from tracker.alerts.events import (
    ALERTABLE_KINDS,
    FACT_LENGTH,
    Identity,
    Lookup,
    identity,
    matches,
    payload,
    recent_events,
    views,
)
from tracker.alerts.surge import surges
from tracker.queries.events import tenure_of, tenures

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
) -> list[tuple[dict, Identity | None]]:
    """(delivery row, identity of its fact) for every match of ``rule``."""
    channels = enabled_channels(config, rule.channels)
    if not channels:
        return []
    rows = []
    for ev in events:
        for view in views(ev):
            if matches(view, lookup, rule):
                data = payload(view, lookup, rule.attribution)
                ident = identity(view, lookup, data["country"])
                rows += [
                    (row, ident)
                    for row in delivery_rows(rule.name, channels, data, now, rule.digest)
                ]
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
                rows += [
                    (row, None)
                    for row in delivery_rows(rule.name, channels, data, now, rule.digest)
                ]
    return rows


def _chunks(values, size: int = 500):
    values = sorted(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


def unrepeated(session: Session, rows: list[tuple[dict, Identity | None]]) -> list[dict]:
    """The rows whose fact is new to their subscriber and channel.

    A row is dropped when a delivery of the same fact (same identity, any anchor) is recorded
    for the same subscriber and channel, or comes earlier in ``rows``, with an anchor in the
    same tenure of the subject (:func:`tracker.queries.events.tenures`): the same appointment
    seen through another source, or re-dated by a rebuild or a backfill.  A new tenure (the
    holder left and came back) is a new fact.  Deliveries recorded under the old change-event
    keys count too (:func:`_legacy_views`): a delivery about any change event of the row's
    subject post (whichever source showed it, however long ago) whose view names the row's
    fact (with the row's country: the old keys named none) counts as that fact recorded at
    that event's anchor.  Rows without an identity (surges, posts no longer stored) pass
    unchanged.
    """
    D = AlertDelivery
    facts = {i.fact for _, i in rows if i}
    if not facts:
        return [row for row, _ in rows]
    known: dict[tuple, list[dt.date]] = defaultdict(list)
    for chunk in _chunks(facts):
        q = select(D.subscriber, D.channel, D.event_key).where(
            func.substr(D.event_key, 1, FACT_LENGTH).in_(chunk)
        )
        for sub, channel, key in session.execute(q):
            known[(sub, channel, key[:FACT_LENGTH])].append(
                dt.date.fromisoformat(key[FACT_LENGTH + 1 :])
            )
    subjects = {i.subject for _, i in rows if i}
    lookup = Lookup(session)
    legacy = _legacy_views(session, lookup, subjects)
    runs = tenures(session, subjects)
    out = []
    for row, ident in rows:
        if ident is None:
            out.append(row)
            continue
        sub, channel = row["subscriber"], row["channel"]
        seen = known[(sub, channel, ident.fact)]
        for view in legacy.get((sub, channel, ident.subject), ()):
            old = identity(view, lookup, row["payload"]["country"])
            if old is not None and old.fact == ident.fact and old.anchor not in seen:
                seen.append(old.anchor)
        held = runs.get(ident.subject, [])
        tenure = tenure_of(held, ident.anchor)
        if any(
            a == ident.anchor or (tenure is not None and tenure_of(held, a) == tenure) for a in seen
        ):
            continue
        seen.append(ident.anchor)
        out.append(row)
    return out


def _legacy_views(session: Session, lookup: Lookup, subjects: set[str]) -> dict[tuple, list]:
    """The views alerted under the old change-event keys among the change events of the
    ``subjects`` posts, by (subscriber, channel, subject post key)."""
    by_key = {}
    for chunk in _chunks(subjects):
        posts = select(Post.id).where(Post.key.in_(chunk))
        q = select(ChangeEvent).where(
            or_(ChangeEvent.post_id.in_(posts), ChangeEvent.previous_post_id.in_(posts)),
            ChangeEvent.kind.in_(ALERTABLE_KINDS),
        )
        by_key.update((v.key, v) for ev in session.scalars(q) for v in views(ev))
    out: dict[tuple, list] = defaultdict(list)
    for chunk in _chunks(by_key):
        q = select(AlertDelivery.subscriber, AlertDelivery.channel, AlertDelivery.event_key)
        for sub, channel, key in session.execute(q.where(AlertDelivery.event_key.in_(chunk))):
            post = lookup.post(by_key[key].post_id)
            if post is not None:
                out[(sub, channel, post.key)].append(by_key[key])
    return out


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
    matched = []
    for rule in rules:
        matched += _rule_rows(config, rule, events, surge_payloads, now, lookup)
    rows = unrepeated(session, matched)
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

"""The Atom feed of alerts (RFC 4287), built from the delivery rows; the dashboard serves it.

Only alerts recorded for a channel of type ``atom`` appear: those of rules whose
``channels`` name such a channel (``config/alerts.toml``); an alert a rule sends by e-mail or
webhook alone is not published here.  One entry per alerted event (deduplicated across
subscribers and Atom channels), newest first.  The entry id is a stable URN derived from the
event key, so feed readers show each alert once however often the feed is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import db.models.alerts  # noqa: F401
from db.models.alerts import AlertDelivery
from tracker.alerts import render
from tracker.alerts.config import AlertConfig, load_alert_config

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        value = dt.datetime.now(dt.UTC)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(event_key: str) -> str:
    return "urn:sso-tracker:alert:" + hashlib.sha1(event_key.encode("utf-8")).hexdigest()


def atom_channels(config: AlertConfig) -> list[str]:
    """The names of the configured channels of type ``atom``."""
    return [name for name, cfg in config.channels.items() if cfg.type == "atom"]


def feed_entries(
    session: Session,
    *,
    channels: Iterable[str],
    subscriber: str | None = None,
    limit: int = 100,
) -> list[tuple[dict, dt.datetime]]:
    """(payload, first matched at) of the newest events alerted on ``channels``."""
    q = select(
        AlertDelivery.event_key,
        func.min(AlertDelivery.id).label("first_id"),
        func.min(AlertDelivery.created_at).label("first_at"),
    ).where(AlertDelivery.channel.in_(list(channels)))
    if subscriber:
        q = q.where(AlertDelivery.subscriber == subscriber)
    sub = q.group_by(AlertDelivery.event_key).subquery()
    rows = session.execute(
        select(AlertDelivery.payload, sub.c.first_at)
        .join(sub, AlertDelivery.id == sub.c.first_id)
        .order_by(sub.c.first_at.desc(), AlertDelivery.id.desc())
        .limit(limit)
    ).all()
    return [(payload, first_at) for payload, first_at in rows]


def atom_feed(
    session: Session,
    *,
    subscriber: str | None = None,
    channel: str | None = None,
    limit: int = 100,
    feed_url: str | None = None,
    title: str = "sso-tracker alerts",
    config: AlertConfig | None = None,
) -> bytes:
    """The feed as UTF-8 XML bytes (serve as ``application/atom+xml``): the alerts of the
    Atom channels of ``config`` (default: ``config/alerts.toml``), or of ``channel`` alone
    when it is one of them (any other channel gives an empty feed)."""
    ET.register_namespace("", ATOM)
    feeds = atom_channels(config or load_alert_config())
    wanted = [c for c in ([channel] if channel else feeds) if c in feeds]
    entries = feed_entries(session, channels=wanted, subscriber=subscriber, limit=limit)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = "urn:sso-tracker:alerts" + "".join(
        f":{k}={v}" for k, v in (("subscriber", subscriber), ("channel", channel)) if v
    )
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(
        max((e[1] for e in entries), default=None)
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "sso-tracker"
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "sso-tracker"
    if feed_url:
        ET.SubElement(
            feed, f"{{{ATOM}}}link", rel="self", href=feed_url, type="application/atom+xml"
        )
    for payload, first_at in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(payload["key"])
        ET.SubElement(entry, f"{{{ATOM}}}title").text = render.summary(payload)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(first_at)
        if payload.get("first_seen"):
            ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(
                dt.date.fromisoformat(payload["first_seen"])
            )
        ET.SubElement(entry, f"{{{ATOM}}}category", term=payload.get("kind") or "alert")
        if payload.get("source_url"):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=payload["source_url"])
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = render.text(payload)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)

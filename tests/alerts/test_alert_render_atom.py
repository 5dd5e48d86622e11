"""Message texts (pure) and the Atom feed built from the delivery rows."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from db.session import session_scope
from tests.alerts.servers import BEFORE, CN_CHAIR, FEED_URL, ingest, write_alerts
from tracker.alerts import render
from tracker.alerts.atom import ATOM, atom_feed, entry_id
from tracker.alerts.config import load_alert_config
from tracker.alerts.rules import match_and_store

TRANSFER = {
    "key": "secretariat_transfer|iso|7|x|2025-07-02",
    "kind": "secretariat_transfer",
    "body": "ISO",
    "group": "ISO/TC 269/SC 1",
    "group_name": "Urban rail",
    "role": "secretariat",
    "role_label": "Secretariat (member body)",
    "holder": "AFNOR",
    "holder_kind": "member_body",
    "organization": "Association Française de Normalisation",
    "country": "FR",
    "basis": "member_body",
    "previous_holder": "SAC",
    "previous_country": "CN",
    "first_seen": "2025-07-02",
    "last_seen_before": "2025-07-01",
    "source_url": "https://example.org/feed.jsonl",
}


def test_transfer_summary_and_fields_name_everything():
    assert (
        render.summary(TRANSFER)
        == "Secretariat of ISO/TC 269/SC 1 moved from SAC (CN) to AFNOR (FR)"
    )
    fields = dict(render.fields(TRANSFER))
    assert fields["Holder"] == "AFNOR"
    assert fields["Organisation"] == "Association Française de Normalisation"
    assert fields["Role"] == "Secretariat (member body) [secretariat]"
    assert fields["Group"] == "ISO/TC 269/SC 1 (Urban rail)"
    assert fields["Country"] == "FR (basis: member_body)"
    assert fields["Previously"] == "SAC (CN)"
    assert fields["First seen"] == "2025-07-02 (not shown on 2025-07-01)"
    assert fields["Source URL"] == "https://example.org/feed.jsonl"


def test_unknown_country_and_health_messages():
    p = dict(
        TRANSFER,
        kind="appointment",
        role="chair",
        role_label="Chair",
        holder="X Y",
        holder_kind="person",
        country=None,
        basis=None,
    )
    assert render.summary(p) == "X Y (country unknown) became chair of ISO/TC 269/SC 1"
    assert dict(render.fields(p))["Country"] == "unknown (basis: no attribution)"
    health = {
        "key": "source_health|iso-open-data|4",
        "kind": "source_health",
        "source": "iso-open-data",
        "failures": 3,
        "first_seen": "2025-08-01",
        "reason": "HTTP 503",
        "source_url": "https://x",
    }
    assert render.summary(health) == "Source iso-open-data failing: 3 runs in a row"
    assert dict(render.fields(health))["Last reason"] == "HTTP 503"


def test_email_digest_has_every_alert():
    msg = render.email_message(
        [TRANSFER, dict(TRANSFER, key="k2", holder="BSI", country="GB")],
        sender="a@example.org",
        to=["b@example.org"],
        digest_day="2025-07-02",
    )
    assert msg["Subject"] == "[sso-tracker] sso-tracker digest for 2025-07-02: 2 alert(s)"
    body = msg.get_content()
    assert "to AFNOR (FR)" in body and "to BSI (GB)" in body


def test_atom_feed_has_one_entry_per_alerted_event(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SSO_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(CN_CHAIR, dt.date(2025, 4, 1))
    assert match_and_store(load_alert_config(write_alerts(tmp_path / "c"))) == 3  # three channels
    with session_scope() as s:
        xml = atom_feed(s, feed_url="http://dash.example.org/alerts.atom")
        empty = atom_feed(s, subscriber="nobody")
    root = ET.fromstring(xml)
    ns = {"a": ATOM}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1  # one event, although three channels were alerted
    entry = entries[0]
    assert entry.findtext("a:title", namespaces=ns) == "Li Ming (CN) became chair of ITU-T FG-EX"
    assert entry.find("a:link", ns).get("href") == FEED_URL
    assert entry.findtext("a:published", namespaces=ns) == "2025-04-01T00:00:00Z"
    assert entry.find("a:category", ns).get("term") == "appointment"
    assert "Organisation: Example Telecom Co." in entry.findtext("a:content", namespaces=ns)
    key = entry.findtext("a:id", namespaces=ns)
    assert key.startswith("urn:sso-tracker:alert:") and len(key) == len(entry_id("x"))
    assert root.find("a:link", ns).get("href") == "http://dash.example.org/alerts.atom"
    assert xml.startswith(b"<?xml")
    assert ET.fromstring(empty).findall("a:entry", ns) == []


def test_atom_feed_holds_only_alerts_of_rules_naming_an_atom_channel(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SSO_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(CN_CHAIR, dt.date(2025, 4, 1))  # Li Ming (CN) appointed, Hans Becker (DE) leaves
    hook_only = (
        '\n[[rules]]\nname = "de-departures-by-webhook"\nevents = ["departure"]\n'
        'countries = ["DE"]\nchannels = ["hook"]\n'
    )
    cfg = load_alert_config(write_alerts(tmp_path / "c", extra=hook_only))
    assert match_and_store(cfg) == 4  # watch: e-mail, webhook, feed; the departure: webhook
    ns = {"a": ATOM}
    with session_scope() as s:
        titles = [
            e.findtext("a:title", namespaces=ns)
            for e in ET.fromstring(atom_feed(s, config=cfg)).findall("a:entry", ns)
        ]
        by_hook = ET.fromstring(atom_feed(s, channel="hook", config=cfg)).findall("a:entry", ns)
        by_feed = ET.fromstring(atom_feed(s, channel="feed", config=cfg)).findall("a:entry", ns)
    assert titles == ["Li Ming (CN) became chair of ITU-T FG-EX"]
    assert by_hook == [] and len(by_feed) == 1

"""The bar: replayed crawls (Scrapy in a subprocess, local replay server) → import → alerts,
delivered to a real SMTP server and a real HTTP receiver on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models.alerts import AlertDelivery
from tests.alerts.servers import (
    BEFORE,
    CN_CHAIR,
    FEED_URL,
    SCOPE,
    US_VC_GONE,
    feed_dir,
    write_alerts,
)
from tracker.alerts.config import load_alert_config
from tracker.alerts.deliver import run_alerts
from tracker.crawl import crawl_and_import

DAY1, DAY2, DAY3 = dt.date(2025, 3, 1), dt.date(2025, 4, 1), dt.date(2025, 4, 8)


def crawl(directory, day):
    report = crawl_and_import(
        "records_feed",
        replay_dir=directory,
        start_urls=[FEED_URL],
        spider_args={"scope": SCOPE},
        observed_at=day,
    )
    assert report.status == "ok", report.results
    return report


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_cn_national_becomes_chair_one_email_one_webhook_then_nothing(
    db_url, session, smtp, hook, tmp_path
):
    config = load_alert_config(write_alerts(tmp_path / "config"))
    crawl(feed_dir(tmp_path, "day1", BEFORE), DAY1)
    assert run_alerts(config)[0] == 0  # a baseline has no events
    second = feed_dir(tmp_path, "day2", CN_CHAIR)
    crawl(second, DAY2)
    created, report = run_alerts(config)
    assert created == 3 and report.sent == 3  # e-mail, webhook, Atom feed
    assert len(smtp.messages) == 1 and len(hook.calls) == 1

    mail = smtp.messages[0]
    assert mail["Subject"] == "[sso-tracker] Li Ming (CN) became chair of ITU-T FG-EX"
    assert mail["To"] == "analysts@example.org"
    text = mail.get_payload(decode=True).decode()
    for expected in (
        "Person:       Li Ming",
        "Organisation: Example Telecom Co.",
        "Role:         Chair [chair]",
        "Group:        FG-EX (Focus Group on Example Technologies (fictitious))",
        "Body:         ITU-T",
        "Country:      CN (basis: listed)",
        "First seen:   2025-04-01 (not shown on 2025-03-01)",
        f"Source URL:   {FEED_URL}",
    ):
        assert expected in text, text
    alert = hook.calls[0]["json"]["alerts"][0]
    assert hook.calls[0]["content_type"].startswith("application/json")
    assert (
        alert["kind"],
        alert["person"],
        alert["organization"],
        alert["role"],
        alert["group"],
        alert["body"],
        alert["country"],
        alert["basis"],
        alert["first_seen"],
        alert["source_url"],
    ) == (
        "appointment",
        "Li Ming",
        "Example Telecom Co.",
        "chair",
        "FG-EX",
        "ITU-T",
        "CN",
        "listed",
        "2025-04-01",
        FEED_URL,
    )

    # the same crawl again, same day (a duplicate) and a week later (no change): nothing
    crawl(second, DAY2)
    crawl(second, DAY3)
    created, report = run_alerts(config)
    assert (created, report.sent, report.failed) == (0, 0, 0)
    assert len(smtp.messages) == 1 and len(hook.calls) == 1
    rows = session.scalars(select(AlertDelivery)).all()
    assert sorted((r.channel, r.status, r.attempts) for r in rows) == [
        ("email", "sent", 1),
        ("feed", "sent", 1),
        ("hook", "sent", 1),
    ]


def test_us_vice_chair_departure_alerts_only_when_departures_are_subscribed(
    db_url, smtp, hook, tmp_path
):
    crawl(feed_dir(tmp_path, "day1", BEFORE), DAY1)
    crawl(feed_dir(tmp_path, "day2", US_VC_GONE), DAY2)
    default = load_alert_config(write_alerts(tmp_path / "default"))
    assert run_alerts(default)[0] == 0
    assert smtp.messages == [] and hook.calls == []

    with_departures = load_alert_config(
        write_alerts(tmp_path / "departures", events=("appointment", "departure"))
    )
    created, report = run_alerts(with_departures)
    assert (created, report.sent) == (3, 3)
    assert [m["Subject"] for m in smtp.messages] == [
        "[sso-tracker] Emily Carter (US) is no longer vice-chair of ITU-T FG-EX"
    ]
    assert hook.calls[0]["json"]["alerts"][0]["country"] == "US"
    assert run_alerts(with_departures)[0] == 0
    assert len(smtp.messages) == 1 and len(hook.calls) == 1

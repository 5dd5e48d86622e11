"""Delivery: retries with back-off, an unreachable SMTP server loses nothing, STARTTLS + AUTH
from the environment, daily digests, Slack/Teams bodies, concurrent senders."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from sqlalchemy import select

from db.models.alerts import AlertDelivery
from tests.alerts.servers import (
    BEFORE,
    CN_CHAIR,
    SmtpSink,
    free_port,
    ingest,
    self_signed,
    write_alerts,
)
from tracker.alerts.config import load_alert_config
from tracker.alerts.deliver import deliver_pending, retry_failed, run_alerts

# "now" for the deliveries: today 09:00 UTC (matching looks back from it at stored snapshots)
T0 = dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=9, minute=0, second=0, microsecond=0)


def two_crawls():
    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(CN_CHAIR, dt.date(2025, 4, 1))


def rows(session, channel):
    session.expire_all()
    return session.scalars(select(AlertDelivery).where(AlertDelivery.channel == channel)).all()


def test_unreachable_smtp_server_never_loses_the_alert(
    db_url, session, hook, tmp_path, monkeypatch, caplog
):
    port = free_port()  # nothing listens here yet
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    cfg = load_alert_config(write_alerts(tmp_path / "c"))
    two_crawls()
    with caplog.at_level(logging.WARNING, logger="tracker.alerts.deliver"):
        created, report = run_alerts(cfg, now=T0)
    assert (created, report.sent, report.failed) == (3, 2, 1)
    assert "delivery of 1 alert(s) on email failed" in caplog.text
    (mail,) = rows(session, "email")
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (
        "failed",
        1,
        T0 + dt.timedelta(seconds=1),
    )
    assert "ConnectionRefusedError" in mail.last_error
    assert len(hook.calls) == 1  # the webhook did not wait for the e-mail

    assert deliver_pending(cfg, now=T0 + dt.timedelta(milliseconds=500)).failed == 0  # not due yet
    assert deliver_pending(cfg, now=T0 + dt.timedelta(seconds=1)).failed == 1  # 2nd attempt
    (mail,) = rows(session, "email")
    assert (mail.attempts, mail.next_attempt_at) == (
        2,
        T0 + dt.timedelta(seconds=3),
    )  # 1 s, then 2 s

    sink = SmtpSink(port=port).start()
    try:
        report = deliver_pending(cfg, now=T0 + dt.timedelta(seconds=3))
        assert (report.sent, report.failed) == (1, 0)
        assert deliver_pending(cfg, now=T0 + dt.timedelta(hours=1)).sent == 0
        assert len(sink.messages) == 1 and "Li Ming" in sink.messages[0]["Subject"]
    finally:
        sink.stop()
    (mail,) = rows(session, "email")
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 3, None)
    assert len(hook.calls) == 1


def test_max_attempts_then_manual_retry(db_url, session, tmp_path, monkeypatch):
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    cfg_dir = write_alerts(tmp_path / "c")
    text = (
        (cfg_dir / "alerts.toml")
        .read_text()
        .replace(
            "retry_base_seconds = 1\nretry_max",
            "max_attempts = 2\nretry_base_seconds = 1\nretry_max",
            1,
        )
    )
    (cfg_dir / "alerts.toml").write_text(text)
    cfg = load_alert_config(cfg_dir)
    assert cfg.delivery.max_attempts == 2
    two_crawls()
    run_alerts(cfg, now=T0)
    deliver_pending(cfg, now=T0 + dt.timedelta(seconds=5))
    (mail,) = rows(session, "email")
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("failed", 2, None)
    assert (
        deliver_pending(cfg, now=T0 + dt.timedelta(days=5)).failed == 0
    )  # given up: kept, not retried
    assert retry_failed(now=T0 + dt.timedelta(days=5)) == 1
    assert deliver_pending(cfg, now=T0 + dt.timedelta(days=5)).failed == 1


def test_starttls_and_login_from_the_environment(db_url, session, tmp_path, monkeypatch):
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    cert, key = self_signed(tmp_path)
    sink = SmtpSink(tls=(cert, key), login=("tracker", "s3cret")).start()
    try:
        for name, value in {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(sink.port),
            "SMTP_USER": "tracker",
            "SMTP_PASSWORD": "wrong",
            "SMTP_CAFILE": str(cert),
            "SMTP_TO": "ops@example.org",
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SMTP_STARTTLS", raising=False)  # on by default when a user is set
        cfg = load_alert_config(write_alerts(tmp_path / "c"))
        two_crawls()
        assert run_alerts(cfg, now=T0)[1].failed == 1
        (mail,) = rows(session, "email")
        assert "SMTPAuthenticationError" in mail.last_error and "s3cret" not in mail.last_error
        monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
        assert deliver_pending(cfg, now=T0 + dt.timedelta(seconds=2)).sent == 1
        assert sink.logins == ["tracker"]
        (msg,) = sink.messages
        assert msg["To"] == "analysts@example.org, ops@example.org"
        assert msg["From"] == "tracker@example.org"
    finally:
        sink.stop()


def test_daily_digest_batches_one_day_into_one_message(db_url, session, smtp, hook, tmp_path):
    cfg = load_alert_config(
        write_alerts(
            tmp_path / "c",
            events=("appointment", "departure"),
            digest="daily",
            extra="countries = []",
        )
    )
    two_crawls()  # Li Ming (CN) appointed chair, Hans Becker (DE) leaves: two alerts, one day
    created, report = run_alerts(cfg, now=T0)
    assert (created, report.sent) == (6, 0)  # the day is not over
    assert deliver_pending(cfg, now=T0.replace(hour=23, minute=59)).sent == 0
    report = deliver_pending(cfg, now=T0 + dt.timedelta(days=1))
    assert (report.sent, report.messages) == (6, 3)
    (mail,) = smtp.messages
    assert mail["Subject"] == f"[sso-tracker] sso-tracker digest for {T0.date()}: 2 alert(s)"
    body = mail.get_payload(decode=True).decode()
    assert "Li Ming (CN) became chair" in body and "Hans Becker (DE) is no longer chair" in body
    (call,) = hook.calls
    assert call["json"]["digest_day"] == T0.date().isoformat()
    assert sorted(a["kind"] for a in call["json"]["alerts"]) == ["appointment", "departure"]
    assert deliver_pending(cfg, now=T0 + dt.timedelta(days=2)).sent == 0


def test_slack_and_teams_payloads(db_url, smtp, hook, tmp_path):
    two_crawls()
    run_alerts(load_alert_config(write_alerts(tmp_path / "s", fmt="slack")), now=T0)
    slack = hook.calls[-1]["json"]
    assert slack["text"] == "Li Ming (CN) became chair of ITU-T FG-EX"
    assert slack["blocks"][0]["type"] == "header"
    assert "*Country:* CN (basis: listed)" in slack["blocks"][1]["text"]["text"]

    cfg = load_alert_config(write_alerts(tmp_path / "t", fmt="teams"))
    from sqlalchemy import delete

    from db.session import session_scope

    with session_scope() as s:  # start afresh so the same event is delivered again
        s.execute(delete(AlertDelivery))
    run_alerts(cfg, now=T0)
    teams = hook.calls[-1]["json"]
    card = teams["attachments"][0]
    assert teams["type"] == "message"
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    facts = {f["title"]: f["value"] for f in card["content"]["body"][2]["facts"]}
    assert facts["Person"] == "Li Ming" and facts["Organisation"] == "Example Telecom Co."
    assert card["content"]["actions"][0]["url"].startswith("https://feeds.example.org/")


def test_concurrent_senders_send_each_alert_once(db_url, smtp, hook, tmp_path):
    cfg = load_alert_config(
        write_alerts(tmp_path / "c", events=("appointment", "departure"), extra="countries = []")
    )
    two_crawls()
    run_alerts(cfg, now=T0)  # match, and deliver...
    # ...then forget the sends and race four senders over the same rows
    from sqlalchemy import update

    from db.session import session_scope

    with session_scope() as s:
        s.execute(update(AlertDelivery).values(status="pending", attempts=0, sent_at=None))
    smtp.messages.clear()
    hook.calls.clear()
    threads = [
        threading.Thread(target=deliver_pending, args=(cfg,), kwargs={"now": T0}) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(smtp.messages) == 2 and len(hook.calls) == 2

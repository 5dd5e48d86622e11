"""``sso-tracker alerts …`` through click's CliRunner (the group itself, registered or not)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from tests.alerts.servers import BEFORE, CN_CHAIR, ingest, write_alerts
from tracker.cli.alerts import alerts_group


@pytest.fixture
def run(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SSO_CONFIG_DIR", str(write_alerts(tmp_path / "config")))
    runner = CliRunner()

    def invoke(*args, code=0):
        result = runner.invoke(alerts_group, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


def test_alerts_test_sends_a_sample_through_a_channel(run, smtp, monkeypatch):
    out = run("test", "email").output
    assert "email: sent a test alert" in out
    (msg,) = smtp.messages
    assert "TEST ALERT" in msg.get_payload(decode=True).decode()
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    assert "$SSO_WEBHOOK_URL is not set" in run("test", "hook", code=1).output
    assert "no channel 'pager'" in run("test", "pager", code=2).output
    assert "nothing to push" in run("test", "feed").output


def test_alerts_test_reports_a_failing_webhook(run, hook):
    hook.fail = 1
    assert "hook: FAILED: ChannelError: HTTP 500 from webhook" in run("test", "hook", code=1).output
    assert "hook: sent a test alert" in run("test", "hook").output


def test_alerts_send_then_list(run, smtp, hook):
    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(CN_CHAIR, dt.date(2025, 4, 1))
    assert "3 new alert(s); sent 3 in 3 message(s), 0 failed" in run("send").output
    assert "0 new alert(s); sent 0" in run("send").output
    rows = json.loads(run("list", "--format", "json").output)
    assert sorted(r["channel"] for r in rows) == ["email", "feed", "hook"]
    assert {(r["status"], r["attempts"], r["summary"]) for r in rows} == {
        ("sent", 1, "Li Ming (CN) became chair of ITU-T FG-EX")
    }
    assert json.loads(run("list", "--status", "failed", "--format", "json").output) == []
    assert len(smtp.messages) == 1 and len(hook.calls) == 1


def test_alerts_send_exits_1_when_a_delivery_fails(run, hook, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(CN_CHAIR, dt.date(2025, 4, 1))
    hook.fail = 1
    result = run("send", code=1)
    assert "1 failed" in result.output and "hook: ChannelError: HTTP 500" in result.output
    rows = json.loads(run("list", "--status", "failed", "--format", "json").output)
    assert [(r["channel"], r["attempts"]) for r in rows] == [("hook", 1)]
    assert "sent 1" in run("send", "--retry-failed").output


def test_alerts_rules_shows_disabled_channels(run, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.setenv("SSO_WEBHOOK_URL", "https://hooks.example.org/x")
    (row,) = json.loads(run("rules", "--format", "json").output)
    assert row["rule"] == "watch" and row["countries"] == "CN,US"
    assert row["channels"] == "email (disabled: $SMTP_HOST is not set); hook; feed"

"""Fixtures for alert tests: loopback SMTP and webhook receivers wired through the env."""

from __future__ import annotations

import pytest

from tests.alerts.servers import SmtpSink, WebhookSink


@pytest.fixture
def smtp(monkeypatch):
    sink = SmtpSink().start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(sink.port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    for name in ("SMTP_USER", "SMTP_PASSWORD", "SMTP_TO", "SMTP_FROM", "SMTP_CAFILE"):
        monkeypatch.delenv(name, raising=False)
    yield sink
    sink.stop()


@pytest.fixture
def hook(monkeypatch):
    sink = WebhookSink().start()
    monkeypatch.setenv("SSO_WEBHOOK_URL", sink.url)
    yield sink
    sink.stop()

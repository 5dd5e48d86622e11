"""Dashboard access control: open on loopback, refused elsewhere without logins, 401 without
credentials when logins are set."""

from __future__ import annotations

import base64
import importlib
import sys

import dash
import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import iso_snapshot


def test_refuses_public_bind_without_logins(cli, monkeypatch):
    monkeypatch.delenv("SSO_DASHBOARD_USERS", raising=False)
    started = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: started.append(kw))
    result = cli("dashboard", "--host", "0.0.0.0", ok=False)
    assert result.exit_code == 1 and "refusing to serve on 0.0.0.0" in result.output
    assert started == []
    cli("dashboard", "--host", "0.0.0.0", "--insecure-no-auth")
    cli("dashboard")  # loopback: no login needed
    assert [s["host"] for s in started] == ["0.0.0.0", "127.0.0.1"]


def test_public_bind_with_logins_starts(cli, monkeypatch):
    monkeypatch.setenv("SSO_DASHBOARD_USERS", "alice:" + generate_password_hash("s3cret"))
    started = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: started.append(kw))
    cli("dashboard", "--host", "0.0.0.0", "--port", "8123")
    assert started == [{"host": "0.0.0.0", "port": 8123, "debug": False}]


def test_requests_need_credentials(cli, monkeypatch):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    monkeypatch.setenv("SSO_DASHBOARD_USERS", "alice:" + generate_password_hash("s3cret"))
    sys.modules.pop("dashboard.wsgi", None)
    client = importlib.import_module("dashboard.wsgi").server.test_client()
    assert client.get("/").status_code == 401
    bad = base64.b64encode(b"alice:wrong").decode()
    assert client.get("/", headers={"Authorization": f"Basic {bad}"}).status_code == 401
    good = base64.b64encode(b"alice:s3cret").decode()
    assert client.get("/", headers={"Authorization": f"Basic {good}"}).status_code == 200


def test_wsgi_refuses_without_logins(db_url, monkeypatch):
    monkeypatch.delenv("SSO_DASHBOARD_USERS", raising=False)
    monkeypatch.delenv("SSO_DASHBOARD_ALLOW_NO_AUTH", raising=False)
    sys.modules.pop("dashboard.wsgi", None)
    with pytest.raises(RuntimeError, match="refusing to serve"):
        importlib.import_module("dashboard.wsgi")
    sys.modules.pop("dashboard.wsgi", None)

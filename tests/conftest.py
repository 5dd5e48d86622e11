"""Test databases built by the migrations (never ``create_all``), on SQLite and PostgreSQL.

PostgreSQL tests run when ``TEST_POSTGRES_URL`` is set (``.ci/run`` and ``make test`` start
a throw-away server and set it).  Under CI (``CI=true``) a missing server is an error, not
a skip, so the PostgreSQL tests can never silently disappear.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db import migrate
from db.session import get_engine, session_factory

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ISO_DATA = ROOT / "datasets" / "iso-open-data"
BACKENDS = ["sqlite", "postgres"]


def postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI=true but TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI")
        pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL)")
    return url


def _fresh_postgres() -> tuple[str, callable]:
    base = make_url(postgres_url())
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture
def empty_db(request, tmp_path, monkeypatch):
    """URL of an empty database of the requested backend (param), exported as DATABASE_URL."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgres":
        url, cleanup = _fresh_postgres()
    else:
        url, cleanup = f"sqlite:///{tmp_path / 'test.sqlite'}", lambda: get_engine.cache_clear()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SSO_DATA_DIR", str(tmp_path / "data"))
    yield url
    cleanup()


@pytest.fixture
def db_url(empty_db):
    """A migrated database (upgraded to head by Alembic)."""
    migrate.upgrade(empty_db)
    return empty_db


@pytest.fixture
def session(db_url):
    s = session_factory(db_url)()
    yield s
    s.rollback()
    s.close()


@pytest.fixture
def cli(db_url):
    from tracker.cli import main

    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output + (result.stderr if result.stderr_bytes else "")
        return result

    return invoke


def iso_snapshot(date: str) -> Path:
    return ISO_DATA / f"iso_technical_committees-{date}.jsonl.gz"


ISO_DATES = [
    "2025-06-12", "2025-07-01", "2025-07-02", "2025-07-09", "2025-07-16",
    "2025-07-23", "2025-07-30", "2025-08-06", "2025-08-13", "2025-08-20",
]

"""Scheduled runs for real (Scrapy subprocess against a replay server, tiny intervals):
a job runs, is stored, never overlaps itself; failures back off and raise a health alert."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from apscheduler.events import EVENT_JOB_MAX_INSTANCES
from click.testing import CliRunner
from sqlalchemy import select

from db.models import SourceRun
from db.models.alerts import AlertDelivery, SchedulerJob
from tests.alerts.servers import (
    BEFORE,
    CN_CHAIR,
    FEED_URL,
    config_copy,
    feed_dir,
    ingest,
    source_toml,
)
from tests.helpers import replay_dir
from tracker.cli.schedule import schedule_group
from tracker.runs import run_source
from tracker.scheduling import start_scheduler


def runs(session, source="watch"):
    session.expire_all()
    return session.scalars(
        select(SourceRun).where(SourceRun.source == source).order_by(SourceRun.id)
    ).all()


def wait_for(condition, timeout=90.0, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    raise AssertionError("condition not met in time")


def test_job_runs_is_stored_and_never_overlaps_itself(db_url, session, smtp, hook, tmp_path):
    ingest(BEFORE, dt.date(2025, 3, 1))
    cdir = config_copy(
        tmp_path, source_toml("watch", feed_dir(tmp_path, "b", CN_CHAIR), "every 1s")
    )
    blocked = []
    sched = start_scheduler(cdir)
    sched.add_listener(lambda ev: blocked.append(ev.job_id), EVENT_JOB_MAX_INSTANCES)
    try:
        session.expire_all()
        assert any(j.id.startswith("crawl:watch:") for j in session.scalars(select(SchedulerJob)))
        wait_for(lambda: sum(r.status == "ok" for r in runs(session)) >= 3)
    finally:
        sched.shutdown(wait=True)
    done = runs(session)
    assert {r.status for r in done} == {"ok"}
    for earlier, later in zip(done, done[1:], strict=False):
        assert later.started_at >= earlier.finished_at  # one at a time
    assert any(j.startswith("crawl:watch:") for j in blocked)  # ticks during a run were refused
    # the first run applied the change and alerted; the later runs saw the same feed again
    assert len(smtp.messages) == 1 and len(hook.calls) == 1


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_lease_keeps_a_second_crawl_of_the_source_out(db_url, session, tmp_path):
    cdir = config_copy(tmp_path, source_toml("watch", feed_dir(tmp_path, "a", BEFORE), "manual"))
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(run_source("watch", config_dir=cdir).status))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
        time.sleep(0.2)
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "skipped"]
    assert [r.status for r in runs(session)] == ["ok"]
    assert run_source("watch", config_dir=cdir).status == "ok"  # the lease was released


def test_failing_source_backs_off_and_raises_one_health_alert(
    db_url, session, smtp, tmp_path, monkeypatch
):
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    broken = replay_dir(
        tmp_path,
        "broken",
        {FEED_URL: b"<html>Service unavailable</html>"},
        extra={FEED_URL: {"status": 500}},
    )
    cdir = config_copy(tmp_path, source_toml("watch", broken, "manual"))
    outcomes = [run_source("watch", config_dir=cdir) for _ in range(4)]
    assert [o.status for o in outcomes] == ["failed"] * 4
    assert [o.failures for o in outcomes] == [1, 2, 3, 4]
    assert [o.retry_in for o in outcomes] == [1, 2, 4, 8]  # base 1 s, doubling, capped at 8 s
    assert [o.health_alert for o in outcomes] == [False, False, True, False]
    assert all("HTTP 500" in r.reason for r in runs(session))
    (mail,) = smtp.messages
    assert mail["Subject"] == "[sso-tracker] Source watch failing: 3 runs in a row"
    body = mail.get_payload(decode=True).decode()
    assert "Last reason:" in body and "HTTP 500" in body

    # the source recovers: the streak ends, no retry is asked for
    (cdir / "sources.toml").write_text(
        source_toml("watch", feed_dir(tmp_path, "ok", BEFORE), "manual")
    )
    from tracker.config import load_settings

    load_settings.cache_clear()
    healthy = run_source("watch", config_dir=cdir)
    assert (healthy.status, healthy.failures, healthy.retry_in) == ("ok", 0, None)
    session.expire_all()
    (row,) = session.scalars(
        select(AlertDelivery).where(AlertDelivery.event_kind == "source_health")
    ).all()
    assert (row.subscriber, row.status) == ("source-health", "sent")


def test_run_once_command(db_url, tmp_path, monkeypatch):
    ingest(BEFORE, dt.date(2025, 3, 1))
    cdir = config_copy(tmp_path, source_toml("watch", feed_dir(tmp_path, "b", CN_CHAIR), "manual"))
    monkeypatch.setenv("SSO_CONFIG_DIR", str(cdir))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    runner = CliRunner()
    result = runner.invoke(
        schedule_group, ["run-once", "watch", "--observed-at", "2025-04-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert '"status": "ok"' in result.output and '"alerts_created": 1' in result.output  # feed only
    result = runner.invoke(schedule_group, ["run-once", "nowhere"])
    assert result.exit_code == 2 and "unknown source 'nowhere'" in result.output

"""Jobs live in the database: they persist across restarts, keep their next run times, and
are reconciled with the configuration at start; ``schedule list`` shows them."""

from __future__ import annotations

import datetime as dt
import json
import types

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from db.models.alerts import SchedulerJob
from tests.alerts.servers import config_copy
from tracker.cli.schedule import schedule_group
from tracker.config import load_settings
from tracker.scheduling import _on_result, list_jobs, make_scheduler, start_scheduler

SOURCES = """
[iso-like]
spider = "records_feed"
schedule = "daily"
[itu-like]
spider = "records_feed"
schedule = "weekly"
"""


def stored(session) -> dict[str, float]:
    session.expire_all()
    return {j.id: j.next_run_time for j in session.scalars(select(SchedulerJob))}


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_jobs_persist_and_are_reconciled_with_the_config(db_url, session, tmp_path):
    cdir = config_copy(tmp_path, SOURCES)
    sched = start_scheduler(cdir)
    sched.shutdown(wait=True)
    first = stored(session)
    crawl_ids = sorted(k for k in first if k.startswith("crawl:"))
    assert [i.split(":")[1] for i in crawl_ids] == ["iso-like", "itu-like"]
    assert sum(k.startswith("alerts:deliver:") for k in first) == 1

    sched = start_scheduler(cdir)  # a restart keeps the stored jobs and their next run times
    sched.shutdown(wait=True)
    again = stored(session)
    assert {k: again[k] for k in crawl_ids} == {k: first[k] for k in crawl_ids}

    rows = {r["source"]: r for r in list_jobs(cdir)}
    expected = dt.datetime.fromtimestamp(first[crawl_ids[0]], dt.UTC).isoformat(timespec="seconds")
    assert rows["iso-like"]["next_run"] == expected and rows["iso-like"]["state"] == "scheduled"
    assert rows["itu-like"]["schedule"] == "weekly"

    # the config changes: itu-like moves to daily, iso-like is removed, 3gpp-like is new
    (cdir / "sources.toml").write_text(
        '[itu-like]\nspider = "records_feed"\nschedule = "daily"\n'
        '[tgpp-like]\nspider = "records_feed"\nschedule = "per-meeting"\n'
        'meetings = [{id = "RAN1#200", end = "2099-05-01"}]\nafter_days = [2]\n'
    )
    load_settings.cache_clear()
    rows = {r["source"]: r for r in list_jobs(cdir)}
    assert rows["iso-like"]["state"] == "stale (removed at next start)"
    assert rows["tgpp-like"]["state"] == "not stored yet (start the scheduler)"
    assert rows["tgpp-like"]["next_run"] == "2099-05-03T03:00:00+00:00"
    sched = start_scheduler(cdir)
    sched.shutdown(wait=True)
    now = stored(session)
    assert sorted(k.split(":")[1] for k in now if k.startswith("crawl:")) == [
        "itu-like",
        "tgpp-like",
    ]
    assert crawl_ids[1] not in now  # the changed source got a new job id
    assert dt.datetime.fromtimestamp(
        now[next(k for k in now if ":tgpp-like:" in k)], dt.UTC
    ) == dt.datetime(2099, 5, 3, 3, 0, tzinfo=dt.UTC)


def test_failed_run_stores_a_backoff_retry_and_success_removes_it(db_url, tmp_path):
    sched = make_scheduler()
    sched.start(paused=True)
    try:
        before = dt.datetime.now(dt.UTC)
        failed = {
            "source": "iso-like",
            "status": "failed",
            "retry_in": 600,
            "config_dir": str(tmp_path),
        }
        _on_result(sched, types.SimpleNamespace(job_id="crawl:iso-like:abc", retval=failed))
        job = sched.get_job("retry:iso-like")
        assert job.kwargs == {"source": "iso-like", "config_dir": str(tmp_path)}
        assert dt.timedelta(seconds=599) < job.next_run_time - before < dt.timedelta(seconds=602)
        assert job.max_instances == 1 and job.coalesce is True
        ok = {"source": "iso-like", "status": "ok", "retry_in": None}
        _on_result(sched, types.SimpleNamespace(job_id="crawl:iso-like:abc", retval=ok))
        assert sched.get_job("retry:iso-like") is None
    finally:
        sched.shutdown(wait=False)


def test_schedule_list_command(db_url, tmp_path, monkeypatch):
    cdir = config_copy(tmp_path, SOURCES)
    monkeypatch.setenv("SSO_CONFIG_DIR", str(cdir))
    result = CliRunner().invoke(
        schedule_group, ["list", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in json.loads(result.output)}
    assert set(rows) == {"iso-like", "itu-like", "(alerts)"}
    assert rows["iso-like"]["next_run"].endswith("T03:00:00+00:00")

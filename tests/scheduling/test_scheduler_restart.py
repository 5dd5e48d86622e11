"""Kill the scheduler process (SIGKILL, its whole process group) mid-run and start it again:
no alert is lost and none is sent twice."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from db.models import SourceRun
from db.models.alerts import AlertDelivery
from tests.alerts.servers import (
    BEFORE,
    CN_CHAIR,
    SmtpSink,
    config_copy,
    feed_dir,
    free_port,
    ingest,
    source_toml,
)
from tests.conftest import ROOT

SCHEDULER = (
    "import logging; logging.basicConfig(level=logging.INFO); "
    "from tracker.scheduling import run_forever; run_forever()"
)


def start(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SCHEDULER],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL to the scheduler and its crawl subprocess: nothing gets to clean up."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the scheduler alone: it lets the running crawl finish, then exits."""
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)


def wait_for(condition, timeout=90.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def scheduler_env(db_url, tmp_path, hook, monkeypatch):
    ingest(BEFORE, dt.date(2025, 3, 1))  # the baseline; the scheduled crawls bring the change
    cdir = config_copy(
        tmp_path,
        source_toml("watch", feed_dir(tmp_path, "b", CN_CHAIR), "every 2s", lease=3),
        interval=1,
        lease=3,
    )
    # the environment is read when a test starts the scheduler (after every fixture set it)
    return lambda **extra: dict(
        os.environ, SSO_CONFIG_DIR=str(cdir), PYTHONPATH=str(ROOT), **extra
    ), tmp_path / "scheduler.log"


def statuses(session):
    session.expire_all()
    return [r.status for r in session.scalars(select(SourceRun).order_by(SourceRun.id))]


def deliveries(session):
    session.expire_all()
    return sorted((d.channel, d.status) for d in session.scalars(select(AlertDelivery)))


def test_killed_during_a_crawl_then_restarted(scheduler_env, session, smtp, hook):
    make_env, logfile = scheduler_env
    env = make_env()
    assert env["SMTP_PORT"] == str(smtp.port) and env["SSO_WEBHOOK_URL"] == hook.url
    with logfile.open("w") as log:
        first = start(env, log)
        try:
            wait_for(lambda: "running" in statuses(session))
        finally:
            kill(first)  # the crawl subprocess dies with it
        assert smtp.messages == [] and hook.calls == [] and deliveries(session) == []

        second = start(env, log)
        try:
            wait_for(lambda: len(smtp.messages) >= 1 and len(hook.calls) >= 1)
            wait_for(lambda: statuses(session).count("ok") >= 3)  # later runs: same feed again
            time.sleep(1.5)
        finally:
            stop(second)  # a clean stop waits for the running crawl
    assert len(smtp.messages) == 1 and len(hook.calls) == 1, logfile.read_text()
    done = statuses(session)
    assert done[0] == "interrupted" and set(done[1:]) == {"ok"}
    assert deliveries(session) == [("email", "sent"), ("feed", "sent"), ("hook", "sent")]


def test_killed_with_alerts_pending_then_restarted(scheduler_env, session, hook, monkeypatch):
    make_env, logfile = scheduler_env
    port = free_port()
    env = make_env(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_STARTTLS="0")
    hook.fail = 10**6  # the webhook answers 500 and no SMTP server listens: alerts wait
    with logfile.open("w") as log:
        first = start(env, log)
        try:
            wait_for(
                lambda: (
                    ("email", "failed") in deliveries(session)
                    and ("hook", "failed") in deliveries(session)
                )
            )
        finally:
            kill(first)
        hook.fail = 0
        sink = SmtpSink(port=port).start()
        try:
            second = start(env, log)
            try:
                wait_for(lambda: len(sink.messages) >= 1 and len(hook.calls) >= 1)
                wait_for(lambda: statuses(session).count("ok") >= 3)
                time.sleep(1.5)
            finally:
                stop(second)
            assert len(sink.messages) == 1 and len(hook.calls) == 1, logfile.read_text()
        finally:
            sink.stop()
    assert deliveries(session) == [("email", "sent"), ("feed", "sent"), ("hook", "sent")]

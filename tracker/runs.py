"""Run one source: crawl (subprocess) → import → alerts, with its health recorded.

:func:`run_source` is what the scheduler calls (through :func:`run_scheduled`, referenced
textually as ``tracker.runs:run_scheduled``) and what ``sso-tracker schedule run-once`` runs:

1. take the source's lease (:class:`db.models.alerts.SourceLock`, renewed by a heartbeat
   while the crawl runs) so that two crawls of one source never overlap, even from two
   processes; a source already being crawled is ``skipped``;
2. record a ``running`` :class:`~db.models.SourceRun`; crawl in a subprocess (live, or
   against the saved pages of ``replay_dir`` in the source's config), with a timeout; import
   the run; record ``ok``/``suspect``/``failed`` with the reasons;
3. match new events against the alert rules (deliveries committed first), add a
   source-health alert after ``[source_health] after_failures`` failed or suspect runs in a
   row, then deliver what is due;
4. return a :class:`RunOutcome` whose ``retry_in`` (seconds, exponential back-off) tells the
   scheduler when to try a failed source again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

import db.models.alerts  # noqa: F401
from db.models import SourceRun
from db.models.alerts import SourceLock
from db.session import session_scope
from tracker.alerts.config import AlertConfig, load_alert_config
from tracker.alerts.rules import utcnow

log = logging.getLogger(__name__)
FAILING = ("failed", "suspect")
DEFAULT_TIMEOUT = 3600.0
DEFAULT_LEASE = 120.0


@dataclass
class RunOutcome:
    source: str
    status: str  # ok | suspect | failed | skipped
    reason: str | None = None
    run_id: int | None = None
    snapshots: int = 0
    items: int = 0
    failures: int = 0  # failed/suspect runs in a row, this one included
    retry_in: float | None = None
    alerts_created: int = 0
    alerts_sent: int = 0
    health_alert: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


# -- the per-source lease ------------------------------------------------------------------
def owner_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lock(source: str, owner: str, lease: float) -> bool:
    now = utcnow()
    until = now + dt.timedelta(seconds=lease)
    try:
        with session_scope() as s:
            s.add(SourceLock(source=source, owner=owner, acquired_at=now, expires_at=until))
        return True
    except IntegrityError:
        with session_scope() as s:
            res = s.execute(
                update(SourceLock)
                .where(SourceLock.source == source, SourceLock.expires_at < now)
                .values(owner=owner, acquired_at=now, expires_at=until)
            )
            return res.rowcount == 1


def renew_lock(source: str, owner: str, lease: float) -> bool:
    with session_scope() as s:
        res = s.execute(
            update(SourceLock)
            .where(SourceLock.source == source, SourceLock.owner == owner)
            .values(expires_at=utcnow() + dt.timedelta(seconds=lease))
        )
        return res.rowcount == 1


def release_lock(source: str, owner: str) -> None:
    with session_scope() as s:
        s.execute(delete(SourceLock).where(SourceLock.source == source, SourceLock.owner == owner))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_locks() -> list[str]:
    """Drop leases held by processes of this host that no longer exist (a killed scheduler)."""
    host = socket.gethostname()
    freed = []
    with session_scope() as s:
        for lock in s.scalars(select(SourceLock)):
            owner_host, _, rest = lock.owner.partition(":")
            pid = rest.partition(":")[0]
            if owner_host == host and pid.isdigit() and not _pid_alive(int(pid)):
                s.delete(lock)
                freed.append(lock.source)
    return freed


def recover_interrupted() -> int:
    """Mark ``running`` runs of sources nobody holds a live lease on as ``interrupted``."""
    now = utcnow()
    with session_scope() as s:
        held = set(s.scalars(select(SourceLock.source).where(SourceLock.expires_at >= now)))
        runs = [
            r
            for r in s.scalars(select(SourceRun).where(SourceRun.status == "running"))
            if r.source not in held
        ]
        for r in runs:
            r.status, r.finished_at = "interrupted", now
            r.reason = "the process running this crawl stopped before it finished"
        return len(runs)


class Heartbeat(threading.Thread):
    def __init__(self, source: str, owner: str, lease: float):
        super().__init__(daemon=True, name=f"lease-{source}")
        self.source, self.owner, self.lease = source, owner, lease
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.lease / 4):
            try:
                renew_lock(self.source, self.owner, self.lease)
            except Exception:  # noqa: BLE001  (a missed beat only shortens the lease)
                log.exception("could not renew the lease on %s", self.source)


# -- history -------------------------------------------------------------------------------
def failure_streak(source: str) -> list[SourceRun]:
    """The failed/suspect runs since the last good one, newest first (interrupted skipped)."""
    streak = []
    with session_scope() as s:
        q = (
            select(SourceRun)
            .where(SourceRun.source == source, SourceRun.status != "running")
            .order_by(SourceRun.started_at.desc(), SourceRun.id.desc())
            .limit(200)
        )
        for run in s.scalars(q):
            if run.status == "interrupted":
                continue
            if run.status not in FAILING:
                break
            streak.append(run)
    return streak


# -- one run -------------------------------------------------------------------------------
def _crawl(cfg: dict, config_dir: Path, observed_at: dt.date | None):
    from tracker.crawl import CrawlReport, import_run, new_run_dir, run_spider

    spider = cfg["spider"]
    urls = list(cfg.get("urls") or ([cfg["url"]] if cfg.get("url") else [])) or None
    args = {k: str(v) for k, v in (cfg.get("spider_args") or {}).items()}
    timeout = float(cfg.get("timeout", DEFAULT_TIMEOUT))
    run_dir = new_run_dir(spider)
    if not urls and not args:  # as `sso-tracker crawl`: targets from config or the store
        from tracker.targets import default_spider_args

        urls, args = default_spider_args(spider, run_dir)
    code, reasons = None, []
    try:
        if cfg.get("replay_dir"):
            from crawlers.replay import ReplayServer

            replay = Path(cfg["replay_dir"])
            if not replay.is_absolute():
                replay = config_dir / replay
            with ReplayServer(replay) as base:
                code = run_spider(
                    spider,
                    run_dir,
                    start_urls=urls,
                    replay_url=base,
                    spider_args=args,
                    timeout=timeout,
                )
        else:
            code = run_spider(spider, run_dir, start_urls=urls, spider_args=args, timeout=timeout)
    except subprocess.TimeoutExpired:
        reasons.append(f"crawl timed out after {timeout:.0f} s")
    results = [(url, _resolved(res)) for url, res in import_run(run_dir, observed_at)]
    report = CrawlReport(run_dir=run_dir, returncode=-1 if code is None else code, results=results)
    reasons += sorted({r.reason for _, r in results if r.reason and r.status in FAILING})
    if code not in (0, None):
        reasons.insert(0, f"crawler exited with {code} (see {run_dir / 'crawl.log'})")
    if not results:
        reasons.append("no snapshot fetched")
    items = sum(r.records for _, r in results)
    status = report.status
    if code in (-signal.SIGTERM, -signal.SIGINT):  # stopped with the scheduler: not a failure
        status = "interrupted"
    return status, "; ".join(reasons) or None, items, len(results)


def _resolved(res):
    """A ``duplicate`` result stands for the stored snapshot's own status: the same error page
    fetched twice on one day is still a failure, not a healthy run."""
    if res.status != "duplicate" or res.snapshot_id is None:
        return res
    from dataclasses import replace

    from db.models import Snapshot

    with session_scope() as s:
        snap = s.get(Snapshot, res.snapshot_id)
        if snap is None or snap.status not in FAILING:
            return res
        return replace(res, status=snap.status, reason=snap.reason, records=snap.record_count or 0)


def _alerts(outcome: RunOutcome, cfg: dict, alerts: AlertConfig) -> None:
    from tracker.alerts.deliver import deliver_pending
    from tracker.alerts.rules import match_and_store, store_health_alert

    outcome.alerts_created = match_and_store(alerts)
    if outcome.status in FAILING:
        streak = failure_streak(outcome.source)
        outcome.failures = len(streak)
        health = alerts.health
        if streak and len(streak) >= health.after_failures:
            first, last = streak[-1], streak[0]
            data = {
                "key": f"source_health|{outcome.source}|{first.id}",
                "kind": "source_health",
                "source": outcome.source,
                "body": cfg.get("body"),
                "failures": len(streak),
                "first_seen": first.started_at.date().isoformat(),
                "reason": last.reason,
                "source_url": cfg.get("url") or next(iter(cfg.get("urls") or []), None),
                "last_status": last.status,
            }
            with session_scope() as s:
                outcome.health_alert = store_health_alert(s, alerts, data) > 0
        if len(streak) <= health.max_retries:
            outcome.retry_in = min(
                health.retry_base_seconds * 2 ** max(len(streak) - 1, 0), health.retry_max_seconds
            )
    outcome.alerts_sent = deliver_pending(alerts).sent


def run_source(
    source: str, *, config_dir: Path | str | None = None, observed_at: dt.date | None = None
) -> RunOutcome:
    """Crawl, import and alert for one configured source (see the module docstring)."""
    from tracker.alerts.config import resolve_config_dir
    from tracker.config import load_settings

    config_dir = resolve_config_dir(config_dir)
    cfg = load_settings(config_dir).source(source)
    if not cfg.get("spider"):
        raise KeyError(f"unknown source {source!r}: no table with a spider in sources.toml")
    alerts = load_alert_config(config_dir)
    owner, lease = owner_token(), float(cfg.get("lock_lease", DEFAULT_LEASE))
    if not acquire_lock(source, owner, lease):
        log.warning("%s: skipped, another crawl of it is running", source)
        return RunOutcome(source, "skipped", reason="another crawl of this source is running")
    beat = Heartbeat(source, owner, lease)
    beat.start()
    try:
        with session_scope() as s:
            run = SourceRun(source=source, started_at=utcnow(), status="running")
            s.add(run)
            s.flush()
            run_id = run.id
        try:
            status, reason, items, snaps = _crawl(cfg, config_dir, observed_at)
        except Exception as exc:  # noqa: BLE001  (recorded as the run's reason)
            log.exception("%s: crawl or import failed", source)
            status, reason, items, snaps = "failed", f"{type(exc).__name__}: {exc}", 0, 0
        with session_scope() as s:
            s.execute(
                update(SourceRun)
                .where(SourceRun.id == run_id)
                .values(
                    status=status, reason=reason, items=items, snapshots=snaps, finished_at=utcnow()
                )
            )
    finally:
        beat.stopped.set()
        release_lock(source, owner)
    outcome = RunOutcome(source, status, reason, run_id, snaps, items)
    try:
        _alerts(outcome, cfg, alerts)
    except Exception:  # noqa: BLE001  (pending deliveries stay; the next pass sends them)
        log.exception("%s: alert matching or delivery failed", source)
    log.info("%s: %s%s", source, status, f" ({reason})" if reason else "")
    return outcome


def run_scheduled(source: str, config_dir: str | None = None) -> dict:
    """The scheduler's job function (``tracker.runs:run_scheduled``)."""
    return dict(run_source(source, config_dir=config_dir).as_dict(), config_dir=config_dir)


def deliver_job(config_dir: str | None = None) -> dict:
    """The scheduler's periodic alert job: match new events, deliver what is due."""
    from tracker.alerts.deliver import run_alerts

    created, report = run_alerts(load_alert_config(config_dir))
    return {"created": created, "sent": report.sent, "failed": report.failed}

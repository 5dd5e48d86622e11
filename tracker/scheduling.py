"""The scheduler: every enabled source at the cadence of ``config/sources.toml``, persistently.

* APScheduler 3 ``BackgroundScheduler`` with a ``SQLAlchemyJobStore`` on the project database
  (table ``apscheduler_jobs``, created by migration 0002): jobs and their next run times
  survive restarts.  One scheduler process per database.
* Each source is one job, ``id = "crawl:<source>:<sha1 of its config>"``, calling
  ``tracker.runs:run_scheduled`` (a textual reference, so the stored job never pickles code),
  with ``coalesce=True`` (missed runs become one), ``max_instances=1`` and a
  ``misfire_grace_time``; the per-source lease in :mod:`tracker.runs` also keeps a crawl from
  overlapping a retry or a manual ``run-once`` of the same source.
* At start the stored jobs are reconciled with the configuration: a job whose id (config
  hash) is still configured keeps its stored next run time; jobs of removed or changed
  sources are dropped and the new ones added.
* A failed or suspect run returns ``retry_in``: a one-off ``retry:<source>`` job is stored for
  that time (exponential back-off, ``[source_health]`` in alerts.toml).
* ``alerts:deliver`` matches new events and delivers pending alerts every
  ``[delivery] interval_seconds``, and once at start (what a crash left pending goes out).

Cadences (``schedule`` in a source's table): ``hourly``, ``daily``, ``weekly``, ``monthly``
(``at = "HH:MM"``, ``day = "mon"``, ``day_of_month = 1``, ``timezone``; default 03:00 UTC),
``every 6h`` / ``every 90s`` / ``every 2d``, ``cron: 0 3 * * 1``, ``per-meeting`` (one crawl
``after_days`` days after the ``end`` of each entry of ``meetings = [{id=…, end=…}]``; with no
``meetings`` listed, the ``fallback`` cadence, default weekly), or ``manual``.  ``enabled = false`` leaves a source out.  See docs/scheduling.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)
JOB_FUNC = "tracker.runs:run_scheduled"
DELIVER_FUNC = "tracker.runs:deliver_job"
DEFAULT_MISFIRE = 6 * 3600
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^every\s*:?\s*(\d+)\s*([smhd])[a-z]*$")


class DatesTrigger(BaseTrigger):
    """Fires at each of a list of datetimes (per-meeting crawls); past ones are skipped."""

    def __init__(self, dates: list[dt.datetime]):
        self.dates = sorted(dates)

    def get_next_fire_time(self, previous_fire_time, now):
        after = previous_fire_time or now
        strict = previous_fire_time is not None
        return next((d for d in self.dates if (d > after if strict else d >= after)), None)

    def __str__(self) -> str:
        return "dates[" + ", ".join(d.strftime("%Y-%m-%d %H:%M") for d in self.dates) + "]"


def parse_schedule(spec: str | None, cfg: dict | None = None) -> BaseTrigger | None:
    """A trigger for a ``schedule`` value (None for ``manual``); ValueError if unknown."""
    cfg = cfg or {}
    tz = cfg.get("timezone", "UTC")
    low = (spec or "").strip().lower()
    hour, minute = (int(x) for x in str(cfg.get("at", "03:00")).split(":"))
    if low in ("", "manual", "off", "never"):
        return None
    if low == "hourly":
        return CronTrigger(minute=minute, timezone=tz)
    if low == "daily":
        return CronTrigger(hour=hour, minute=minute, timezone=tz)
    if low == "weekly":
        return CronTrigger(day_of_week=cfg.get("day", "mon"), hour=hour, minute=minute, timezone=tz)
    if low == "monthly":
        return CronTrigger(day=cfg.get("day_of_month", 1), hour=hour, minute=minute, timezone=tz)
    if low.startswith("cron:"):
        return CronTrigger.from_crontab(spec.split(":", 1)[1].strip(), timezone=tz)
    if m := _EVERY.match(low):
        return IntervalTrigger(seconds=int(m.group(1)) * _UNITS[m.group(2)], timezone=tz)
    if low in ("meetings", "per-meeting", "per meeting"):
        if not cfg.get("meetings"):  # no meeting calendar configured: poll instead
            return parse_schedule(cfg.get("fallback", "weekly"), cfg)
        after = cfg.get("after_days", [1, 7])
        dates = set()
        for meeting in cfg.get("meetings", []):
            end = dt.date.fromisoformat(meeting["end"] if isinstance(meeting, dict) else meeting)
            for days in after if isinstance(after, list) else [after]:
                day = end + dt.timedelta(days=int(days))
                dates.add(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC))
        return DatesTrigger(sorted(dates))
    raise ValueError(f"unknown schedule {spec!r}")


def config_hash(data) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: str
    trigger: BaseTrigger | None = field(compare=False)
    kwargs: dict = field(compare=False, default_factory=dict)
    source: str | None = None
    schedule: str = ""
    misfire_grace_time: int | None = DEFAULT_MISFIRE


def configured_jobs(config_dir: Path | str | None = None) -> list[JobSpec]:
    """One job per enabled, scheduled source, plus the alert delivery job."""
    from tracker.alerts.config import load_alert_config, resolve_config_dir
    from tracker.config import load_settings

    cdir = str(resolve_config_dir(config_dir))
    settings = load_settings(Path(cdir))
    specs = []
    for name, cfg in sorted(settings.sources.items()):
        if not isinstance(cfg, dict) or not cfg.get("spider") or cfg.get("enabled", True) is False:
            continue
        trigger = parse_schedule(cfg.get("schedule"), cfg)
        if trigger is None:
            continue
        kwargs = {"source": name, "config_dir": cdir}
        grace = cfg.get("misfire_grace_time", DEFAULT_MISFIRE)
        specs.append(
            JobSpec(
                id=f"crawl:{name}:{config_hash([name, cfg, cdir])}",
                func=JOB_FUNC,
                trigger=trigger,
                kwargs=kwargs,
                source=name,
                schedule=str(cfg.get("schedule")),
                misfire_grace_time=None if grace in (None, "none", 0) else int(grace),
            )
        )
    every = load_alert_config(cdir).delivery.interval_seconds
    specs.append(
        JobSpec(
            id=f"alerts:deliver:{config_hash([every, cdir])}",
            func=DELIVER_FUNC,
            trigger=IntervalTrigger(seconds=every, timezone="UTC"),
            kwargs={"config_dir": cdir},
            schedule=f"every {every:g}s",
            misfire_grace_time=None,
        )
    )
    return specs


def make_scheduler(url: str | None = None, max_workers: int = 4) -> BackgroundScheduler:
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    from db.session import get_engine

    return BackgroundScheduler(
        jobstores={
            "default": SQLAlchemyJobStore(engine=get_engine(url), tablename="apscheduler_jobs")
        },
        executors={"default": ThreadPoolExecutor(max_workers)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": DEFAULT_MISFIRE},
        timezone=dt.UTC,
    )


def _add(scheduler, spec: JobSpec, **extra) -> None:
    scheduler.add_job(
        spec.func,
        trigger=spec.trigger,
        id=spec.id,
        name=spec.source or spec.id,
        kwargs=spec.kwargs,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=spec.misfire_grace_time,
        **extra,
    )


def reconcile(scheduler, specs: list[JobSpec]) -> dict[str, list[str]]:
    """Make the stored jobs match ``specs`` (scheduler started, paused or running)."""
    wanted = {s.id: s for s in specs}
    sources = {s.source for s in specs if s.source}
    done = {"kept": [], "added": [], "removed": []}
    for job in scheduler.get_jobs():
        stale = job.id not in wanted and (
            job.id.startswith(("crawl:", "alerts:"))
            or (job.id.startswith("retry:") and job.id.split(":", 1)[1] not in sources)
        )
        if stale:
            scheduler.remove_job(job.id)
            done["removed"].append(job.id)
    for spec in specs:
        if scheduler.get_job(spec.id) is not None:
            done["kept"].append(spec.id)
        else:
            _add(scheduler, spec)
            done["added"].append(spec.id)
    return done


def _listener(scheduler):
    """The job-result listener.  It runs in the worker thread that ran the job, and
    ``shutdown(wait=True)`` holds the job-store lock while it waits for that thread: touching
    the store from the listener itself would deadlock a shutdown, so a daemon thread does it."""

    def listen(event) -> None:
        result = getattr(event, "retval", None)
        if isinstance(result, dict) and result.get("source") and scheduler.running:
            threading.Thread(target=_on_result, args=(scheduler, event), daemon=True).start()

    return listen


def _on_result(scheduler, event) -> None:
    """Store a back-off retry for a failed source; forget it once the source is healthy."""
    result = getattr(event, "retval", None)
    if not isinstance(result, dict) or not result.get("source") or not scheduler.running:
        return
    source, job_id = result["source"], f"retry:{result['source']}"
    if result.get("retry_in"):
        when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=result["retry_in"])
        scheduler.add_job(
            JOB_FUNC,
            trigger=DateTrigger(when, timezone=dt.UTC),
            id=job_id,
            name=f"{source} (retry)",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            kwargs={"source": source, "config_dir": result.get("config_dir")},
        )
        log.warning(
            "%s: %s, retrying at %s",
            source,
            result.get("status"),
            when.isoformat(timespec="seconds"),
        )
    elif result.get("status") == "ok" and event.job_id != job_id:
        try:
            scheduler.remove_job(job_id)
        except JobLookupError:
            pass


def start_scheduler(
    config_dir: Path | str | None = None, url: str | None = None, max_workers: int = 4
) -> BackgroundScheduler:
    """Recover from a previous crash, reconcile the jobs with the config, and start."""
    from tracker.runs import recover_interrupted, release_dead_locks

    freed = release_dead_locks()
    interrupted = recover_interrupted()
    if freed or interrupted:
        log.warning("recovered: released leases %s, %d interrupted run(s)", freed, interrupted)
    specs = configured_jobs(config_dir)
    scheduler = make_scheduler(url, max_workers)
    scheduler.start(paused=True)
    done = reconcile(scheduler, specs)
    log.info(
        "jobs: %d kept, %d added, %d removed",
        len(done["kept"]),
        len(done["added"]),
        len(done["removed"]),
    )
    deliver = next(s for s in specs if s.func == DELIVER_FUNC)
    scheduler.modify_job(deliver.id, next_run_time=dt.datetime.now(dt.UTC))
    scheduler.add_listener(_listener(scheduler), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.resume()
    return scheduler


def list_jobs(config_dir: Path | str | None = None, url: str | None = None) -> list[dict]:
    """Configured and stored jobs with their next run times (without running anything)."""
    specs = configured_jobs(config_dir)
    scheduler = make_scheduler(url, 1)
    scheduler.start(paused=True)
    try:
        stored = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    rows = []
    for spec in specs:
        job = stored.pop(spec.id, None)
        if job is not None:
            nxt, state = job.next_run_time, "scheduled"
        else:
            nxt = spec.trigger.get_next_fire_time(None, dt.datetime.now(dt.UTC))
            state = "not stored yet (start the scheduler)"
        rows.append(
            {
                "job": spec.id,
                "source": spec.source or "(alerts)",
                "schedule": spec.schedule,
                "next_run": _iso(nxt),
                "state": state,
            }
        )
    for job in stored.values():
        retry = job.id.startswith("retry:")
        rows.append(
            {
                "job": job.id,
                "source": job.kwargs.get("source", ""),
                "schedule": "retry (back-off)" if retry else str(job.trigger),
                "next_run": _iso(job.next_run_time),
                "state": "retry" if retry else "stale (removed at next start)",
            }
        )
    return rows


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


def run_forever(
    config_dir: Path | str | None = None, url: str | None = None, max_workers: int = 4
) -> None:
    """``sso-tracker schedule run``: start, then wait for SIGINT/SIGTERM and stop cleanly."""
    import signal

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    scheduler = start_scheduler(config_dir, url, max_workers)
    try:
        while not stop.wait(3600):
            pass
    finally:
        scheduler.shutdown(wait=True)

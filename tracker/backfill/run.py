"""Backfill one source from the Wayback Machine: list captures, fetch them, import them.

For every target page (``plan.py``) and each of its URL generations overlapping the period,
the captures are listed through the CDX API (``cdx.py``), one page at a time; each capture's
original bytes are fetched (``fetch.py``) and fed to the :class:`Importer` like a live
snapshot: same source, parser and scope as the live spider, ``observed_at`` = the capture's
date, ``fetched_at`` = the capture's time, ``run_id`` = ``wayback:<timestamp>``.  Progress
is saved after every capture (``state.py``); a capture already stored (same source, URL and
capture timestamp) is never fetched again.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from sqlalchemy import select

from db.models import Snapshot
from db.session import session_scope
from tracker.backfill.cdx import Capture, CdxClient, CdxError, check_period
from tracker.backfill.fetch import HttpClient, TransientError, capture_url, wayback_base
from tracker.backfill.plan import Target, plan
from tracker.backfill.state import BackfillState, query_key
from tracker.ingest import Importer, IngestResult, SnapshotInput

log = logging.getLogger(__name__)
RUN_PREFIX = "wayback:"


class RobotsDisallowed(RuntimeError):
    """The archive's robots.txt does not allow this bot on the CDX or capture paths."""


@dataclass
class Outcome:
    capture: Capture
    scope: str
    status: str  # applied | duplicate | suspect | failed | stored (already in the store)
    result: IngestResult | None = None


@dataclass
class BackfillReport:
    source: str
    targets: int = 0
    queries: int = 0  # URL generations listed
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: int = 0  # captures done in an earlier run
    stopped: str | None = None  # why the run ended early (limit, archive unreachable)
    error: bool = False  # stopped by an error (exit status 3), not by --limit

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(o.status for o in self.outcomes))


def stored_url(original: str) -> str:
    """The capture's original URL without a default port (``http://host:80/`` -> ``http://host/``)."""
    parts = urlsplit(original)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port == default:
        host = parts.hostname or ""
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return original


def check_robots(http: HttpClient, base: str) -> None:
    """Obey the archive's robots.txt (RFC 9309: a 4xx answer allows everything)."""
    response = http.get(f"{base}/robots.txt")
    if response.status >= 400:
        return
    robots = RobotFileParser()
    robots.parse(response.body.decode("utf-8", "replace").splitlines())
    for path in ("/cdx/search/cdx", "/web/"):
        if not robots.can_fetch(http.user_agent, base + path):
            raise RobotsDisallowed(f"{base}/robots.txt disallows {path} for this bot")


def _already_stored(source: str, url: str, timestamp: str) -> bool:
    with session_scope() as session:
        return (
            session.scalar(
                select(Snapshot.id)
                .where(
                    Snapshot.source == source,
                    Snapshot.url == url,
                    Snapshot.run_id == RUN_PREFIX + timestamp,
                )
                .limit(1)
            )
            is not None
        )


def store_capture(http: HttpClient, base: str, target: Target, capture: Capture) -> Outcome:
    """Fetch one capture's original bytes and import them as a snapshot of ``target``."""
    url = stored_url(capture.original)
    if _already_stored(target.source, url, capture.timestamp):
        return Outcome(capture, target.scope, "stored")
    response = http.get(capture_url(base, capture.timestamp, capture.original))
    error = None if response.status < 400 else f"archive answered HTTP {response.status}"
    inp = SnapshotInput(
        source=target.source,
        scope=target.scope,
        url=url,
        raw=response.body,
        parser=target.parser,
        observed_at=capture.observed_at,
        fetched_at=capture.captured_at,
        http_status=response.status,
        content_type=response.content_type or capture.mimetype,
        run_id=RUN_PREFIX + capture.timestamp,
        error=error,
    )
    with session_scope() as session:
        result = Importer(session).ingest(inp)
    return Outcome(capture, target.scope, result.status, result)


def backfill(
    source: str,
    *,
    start: str | None = None,
    end: str | None = None,
    urls: list[str] | None = None,
    ids: list[str] | None = None,
    limit: int | None = None,
    base: str | None = None,
    http: HttpClient | None = None,
    state: BackfillState | None = None,
    targets: list[Target] | None = None,
    on_outcome=None,
) -> BackfillReport:
    """Backfill ``source`` from captures between ``start`` and ``end`` (``YYYY…``), resuming
    from the saved state.  Stops after ``limit`` newly fetched captures (resumable).
    ``targets`` defaults to :func:`plan` of ``source`` with ``urls``/``ids``."""
    start, end = check_period(start, "--from"), check_period(end, "--to")
    targets = targets if targets is not None else plan(source, urls=urls, ids=ids)
    base = wayback_base(base)
    http = http or HttpClient()
    state = state or BackfillState.load(source)
    report = BackfillReport(source, targets=len(targets))
    cdx = CdxClient(http, base)
    fetched = 0
    try:
        check_robots(http, base)
        for target in targets:
            for gen in target.generations:
                if not gen.overlaps(start, end):
                    continue
                qstate = state.query(query_key(gen.url, start, end))
                if qstate.complete:
                    continue
                report.queries += 1
                for page in cdx.pages(gen.url, start=start, end=end, resume_key=qstate.resume_key):
                    for capture in page.captures:
                        if capture.key in state.done:
                            report.skipped += 1
                            continue
                        if limit is not None and fetched >= limit:
                            report.stopped = f"stopped after {limit} capture(s) (--limit)"
                            return report
                        outcome = store_capture(http, base, target, capture)
                        if outcome.status != "stored":
                            fetched += 1
                        report.outcomes.append(outcome)
                        state.done.add(capture.key)
                        state.save()
                        if on_outcome:
                            on_outcome(outcome)
                    qstate.captures += len(page.captures)
                    qstate.resume_key, qstate.complete = page.resume_key, page.resume_key is None
                    state.save()
    except (TransientError, RobotsDisallowed, CdxError) as exc:
        report.stopped, report.error = str(exc), True
    finally:
        state.save()
    return report

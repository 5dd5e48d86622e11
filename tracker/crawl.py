"""Crawl (in a subprocess) then import: the path every scheduled or manual crawl takes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from db.models import SourceRun
from db.session import session_scope
from tracker.ingest import Importer, IngestResult, SnapshotInput
from tracker.paths import ROOT, data_dir


@dataclass
class CrawlReport:
    run_dir: Path
    returncode: int
    results: list[tuple[str, IngestResult]] = field(default_factory=list)

    @property
    def status(self) -> str:
        states = {r.status for _, r in self.results}
        if self.returncode != 0 or not self.results or "failed" in states:
            return "failed"
        if "suspect" in states:
            return "suspect"
        return "ok"


def new_run_dir(spider: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = data_dir() / "runs" / f"{stamp}-{spider}-{uuid.uuid4().hex[:6]}"
    path.mkdir(parents=True)
    return path


def source_of(spider: str) -> str:
    """The source that ``config/sources.toml`` crawls with ``spider`` (the first table naming
    it, as :func:`tracker.targets.default_spider_args` reads), else the spider's name."""
    from tracker.config import load_settings

    sources = load_settings().sources.items()
    return next((name for name, cfg in sources if cfg.get("spider") == spider), spider)


def run_spider(spider: str, run_dir: Path, *, start_urls: list[str] | None = None,
               replay_url: str | None = None, spider_args: dict | None = None,
               timeout: float | None = None) -> int:
    cmd = [sys.executable, "-m", "crawlers.run", spider, "--out", str(run_dir)]
    if replay_url:
        cmd += ["--replay-url", replay_url]
    if start_urls:
        cmd += ["-a", "start_urls=" + "\n".join(start_urls)]
    for key, value in (spider_args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SSO_HTTPCACHE_DIR", str(data_dir() / "httpcache"))
    with (run_dir / "crawl.log").open("w") as log:
        return subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, timeout=timeout,
                              check=False).returncode


def read_run(run_dir: Path, observed_at: dt.date | None = None):
    """Yield SnapshotInputs from a run directory written by the RunWriterPipeline."""
    path = run_dir / "snapshots.jsonl"
    if not path.exists():
        return
    run_id = run_dir.name
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        fetched = dt.datetime.fromisoformat(item["fetched_at"])
        yield SnapshotInput(
            source=item["source"], scope=item["scope"], url=item["url"],
            raw=(run_dir / item["raw"]).read_bytes(), parser=item["parser"],
            observed_at=observed_at or dt.date.fromisoformat(item.get("observed_at") or fetched.date().isoformat()),
            fetched_at=fetched, http_status=item.get("http_status"),
            content_type=item.get("content_type"), run_id=run_id, error=item.get("error"),
        )


def import_run(run_dir: Path, observed_at: dt.date | None = None) -> list[tuple[str, IngestResult]]:
    results = []
    for inp in read_run(run_dir, observed_at):
        with session_scope() as session:
            results.append((inp.url, Importer(session).ingest(inp)))
    return results


def crawl_and_import(spider: str, *, start_urls: list[str] | None = None, replay_dir: Path | None = None,
                     observed_at: dt.date | None = None, spider_args: dict | None = None,
                     source: str | None = None) -> CrawlReport:
    """Run a spider (live, or against a replay directory), import what it fetched, and
    record the run (source health) in ``source_runs`` under ``source`` (default: the
    configured source of the spider, :func:`source_of`)."""
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run_dir = new_run_dir(spider)
    if not start_urls and not spider_args:
        from tracker.targets import default_spider_args

        start_urls, spider_args = default_spider_args(spider, run_dir)
    if replay_dir is not None:
        from crawlers.replay import ReplayServer

        with ReplayServer(replay_dir) as base:
            code = run_spider(spider, run_dir, start_urls=start_urls, replay_url=base, spider_args=spider_args)
    else:
        code = run_spider(spider, run_dir, start_urls=start_urls, spider_args=spider_args)
    report = CrawlReport(run_dir=run_dir, returncode=code, results=import_run(run_dir, observed_at))
    reasons = sorted({r.reason for _, r in report.results if r.reason and r.status in ("failed", "suspect")})
    if code != 0:
        reasons.insert(0, f"crawler exited with {code} (see {run_dir / 'crawl.log'})")
    if not report.results:
        reasons.append("no snapshot fetched")
    with session_scope() as session:
        session.add(SourceRun(
            source=source or source_of(spider), started_at=started,
            finished_at=dt.datetime.now(dt.UTC).replace(tzinfo=None), status=report.status,
            items=sum(r.records for _, r in report.results), snapshots=len(report.results),
            reason="; ".join(reasons) or None,
        ))
    return report

"""``sso-tracker ingest …``: import saved files (or a URL, through the crawler) into the store."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from db.session import session_scope
from tracker.cli.output import progress
from tracker.ingest import Importer
from tracker.ingest.snapshot import file_input

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
ISO_FEED_SCOPE = "iso-open-data"


def date_from_name(path: Path) -> dt.date | None:
    m = _DATE.search(path.name)
    return dt.date.fromisoformat(m.group(1)) if m else None


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(x for x in p.iterdir() if x.name.endswith((".jsonl", ".jsonl.gz"))))
        elif p.exists():
            files.append(p)
        else:
            raise click.BadParameter(f"no such file or directory: {p}")
    return files


@click.group("ingest")
def ingest_group() -> None:
    """Import snapshots into the store (history, events)."""


@ingest_group.command("iso-open-data")
@click.argument("sources", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--observed-at", type=click.DateTime(["%Y-%m-%d"]), help=(
    "Date the feed was read (YYYY-MM-DD). Default: the date in the file name; "
    "for a URL, today."))
def iso_open_data(sources: tuple[str, ...], observed_at) -> None:
    """Import ISO Open Data technical-committee feeds (.jsonl / .jsonl.gz files, directories
    of them, or the feed URL, which is fetched by the Scrapy spider).

    Files are imported in date order; each file's date is its observation date, and its
    retrieval time is its modification time when that falls on the same date (else 00:00 of
    that date: a copied or checked-out file).  Re-importing a file changes nothing.  A truncated
    or empty feed is stored as suspect, an unreadable file (a truncated .gz) as failed, each
    with its reason; both leave the history as it was, the other files are still imported, and
    the exit status is 3.  Of two different files of one date, the later retrieved stands for
    that date (the other stays stored as superseded).
    """
    urls = [s for s in sources if s.startswith(("http://", "https://"))]
    files = _expand(tuple(s for s in sources if s not in urls))
    failed = False
    if urls:
        from tracker.crawl import crawl_and_import

        for url in urls:
            run = crawl_and_import("iso_open_data", start_urls=[url],
                                   observed_at=observed_at.date() if observed_at else None)
            for fetched, result in run.results:
                report(fetched, observed_at.date() if observed_at else "fetch date", result)
            click.echo(f"{url}: run {run.run_dir.name}: {run.status}, {len(run.results)} snapshot(s)"
                       + ("" if run.results else f" (see {run.run_dir / 'crawl.log'})"), err=True)
            failed |= run.status != "ok"
    jobs = []
    for path in files:
        when = observed_at.date() if observed_at else date_from_name(path)
        if when is None:
            raise click.UsageError(f"{path}: no date in the file name; pass --observed-at YYYY-MM-DD")
        jobs.append((when, path))
    jobs.sort()
    with progress(jobs, "importing") as bar:
        for when, path in bar:
            inp = file_input(path, source="iso-open-data", scope=ISO_FEED_SCOPE, url=path.resolve().as_uri(),
                             parser="iso-open-data", observed_at=when, http_status=None)
            with session_scope() as session:
                result = Importer(session).ingest(inp)
            report(path.name, when, result)
            failed |= result.status in ("failed", "suspect")
    if failed:
        raise SystemExit(3)


def report(label: str, when: dt.date, result) -> None:
    line = (f"{label} [{when}]: {result.status}; records {result.records}, opened {result.opened}, "
            f"closed {result.closed}, events {result.events}")
    if result.reason:
        line += f" — {result.reason}"
    click.echo(line, err=True)
    for warning in sorted(set(result.warnings)):
        click.echo(f"  warning: {warning}", err=True)

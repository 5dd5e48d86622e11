"""``sso-tracker crawl`` and ``sso-tracker parse``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawlers.parsers.common import ParseError
from crawlers.parsers.registry import PARSERS, get_parser
from tracker.cli.ingest import report
from tracker.cli.output import format_option


@click.command("crawl")
@click.argument("spider")
@click.option("--replay", "replay_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Crawl saved pages from DIR (with manifest.json) through a local HTTP server "
              "instead of the live site.")
@click.option("--url", "urls", multiple=True, help="Start URL(s) instead of the spider's own.")
@click.option("--observed-at", type=click.DateTime(["%Y-%m-%d"]),
              help="Observation date for the snapshots (default: the fetch date).")
@click.option("--arg", "args", multiple=True, metavar="KEY=VALUE", help="Spider argument (repeatable).")
def crawl_cmd(spider, replay_dir, urls, observed_at, args) -> None:
    """Run SPIDER (in a subprocess), then import what it fetched.

    Live crawls obey robots.txt, identify themselves, throttle to one request per host at a
    time, cache, and back off on 429/5xx.  Every fetched page is stored as a snapshot; a
    failed or suspect page is recorded and leaves the history unchanged.  SPIDER is a spider
    or source name from `sso-tracker sources`.
    """
    from tracker.config import load_settings
    from tracker.crawl import crawl_and_import

    sources = load_settings().sources
    source = None  # a spider name: the run is recorded under its configured source
    if spider in sources:  # a source name ("itu-mgmt") names its spider ("itu_mgmt")
        source, spider = spider, sources[spider]["spider"]
    elif spider not in (spiders := spider_names()):
        raise click.BadParameter(
            f"{spider!r} is neither a source ({', '.join(sorted(sources))}) nor a spider "
            f"({', '.join(spiders)})", param_hint="SPIDER")
    bad = [a for a in args if "=" not in a or not a.split("=", 1)[0].strip()]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not KEY=VALUE", param_hint="--arg")
    if replay_dir is not None and not (replay_dir / "manifest.json").is_file():
        raise click.BadParameter(f"{replay_dir} has no manifest.json (see crawlers/replay.py)",
                                 param_hint="--replay")
    spider_args = dict(a.split("=", 1) for a in args)
    result = crawl_and_import(spider, start_urls=list(urls) or None, replay_dir=replay_dir,
                              observed_at=observed_at.date() if observed_at else None,
                              spider_args=spider_args, source=source)
    for url, res in result.results:
        report(url, observed_at.date() if observed_at else "fetch date", res)
    click.echo(f"run {result.run_dir.name}: {result.status}, {len(result.results)} snapshot(s)", err=True)
    if result.status != "ok":
        raise SystemExit(3)


def spider_names() -> list[str]:
    """The names of the project's Scrapy spiders (``crawlers/spiders``)."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    settings = Settings()
    settings.setmodule("crawlers.settings")
    return sorted(SpiderLoader.from_settings(settings).list())


@click.command("parse")
@click.argument("source", type=click.Choice(sorted(PARSERS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The page's original URL (records carry it).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="One JSON object per line.")
def parse_cmd(source, file, url, fmt) -> None:
    """Print what the SOURCE parser extracts from a saved FILE, one JSON object per line,
    without touching the database.  A broken page exits with status 2 and says why."""
    from tracker.ingest.snapshot import read_bytes

    try:
        records = get_parser(source)(read_bytes(file), url)
    except (ParseError, ValueError) as exc:  # ValueError: a URL the parser cannot read
        click.echo(f"{source}: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(2) from exc
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


@click.command("sources")
@format_option
def sources_cmd(fmt: str) -> None:
    """List the configured sources: spider, parser, body and schedule (config/sources.toml).
    How each source's runs went is on the dashboard's Data quality page."""
    from tracker.cli.output import emit
    from tracker.config import load_settings

    rows = [{"source": name, **{k: cfg.get(k) for k in ("body", "spider", "parser", "schedule")}}
            for name, cfg in sorted(load_settings().sources.items())]
    emit(rows, ("source", "body", "spider", "parser", "schedule"), fmt)

"""Run one spider in this process: ``python -m crawlers.run SPIDER --out RUN_DIR``.

``tracker.crawl`` starts this in a subprocess for every crawl, because Twisted's reactor
cannot be restarted within one process.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawlers.run")
    ap.add_argument("spider")
    ap.add_argument("--out", required=True, help="run directory for snapshots.jsonl and raw/")
    ap.add_argument("--replay-url", help="base URL of a replay server (offline crawl)")
    ap.add_argument("-a", dest="args", action="append", default=[], help="spider argument k=v")
    ap.add_argument("-s", dest="settings", action="append", default=[], help="setting k=v")
    ns = ap.parse_args(argv)
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("SSO_RUN_DIR", ns.out, priority="cmdline")
    if ns.replay_url:
        settings.set("SSO_REPLAY_URL", ns.replay_url, priority="cmdline")
        settings.set("HTTPCACHE_ENABLED", False, priority="cmdline")
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("BACKOFF_BASE_DELAY", 0, priority="cmdline")  # a local server: no waiting
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    for kv in ns.settings:
        key, _, value = kv.partition("=")
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    kwargs = dict(kv.split("=", 1) for kv in ns.args)
    crawler = process.create_crawler(ns.spider)
    process.crawl(crawler, **kwargs)
    process.start()
    stats = crawler.stats.get_stats()
    if stats.get("log_count/ERROR", 0) and not stats.get("item_scraped_count"):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cadences from config: triggers, job ids from the config hash, what is left out."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.alerts.servers import config_copy
from tracker.config import load_settings
from tracker.scheduling import DELIVER_FUNC, JOB_FUNC, DatesTrigger, configured_jobs, parse_schedule

UTC = dt.UTC
NOW = dt.datetime(2025, 8, 20, 10, 30, tzinfo=UTC)  # a Wednesday


def nxt(spec, **cfg):
    return parse_schedule(spec, cfg).get_next_fire_time(None, NOW)


def test_named_cadences():
    assert nxt("daily") == dt.datetime(2025, 8, 21, 3, 0, tzinfo=UTC)
    assert nxt("daily", at="12:15") == dt.datetime(2025, 8, 20, 12, 15, tzinfo=UTC)
    assert nxt("weekly") == dt.datetime(2025, 8, 25, 3, 0, tzinfo=UTC)  # Monday
    assert nxt("weekly", day="thu", at="06:00") == dt.datetime(2025, 8, 21, 6, 0, tzinfo=UTC)
    assert nxt("monthly") == dt.datetime(2025, 9, 1, 3, 0, tzinfo=UTC)
    assert nxt("hourly") == dt.datetime(2025, 8, 20, 11, 0, tzinfo=UTC)
    assert nxt("cron: 30 4 * * sun") == dt.datetime(2025, 8, 24, 4, 30, tzinfo=UTC)
    interval = parse_schedule("every 6h")
    assert interval.interval == dt.timedelta(hours=6)
    assert parse_schedule("every: 90s").interval == dt.timedelta(seconds=90)
    assert parse_schedule("manual") is None and parse_schedule(None) is None
    with pytest.raises(ValueError, match="unknown schedule 'fortnightly'"):
        parse_schedule("fortnightly")


def test_per_meeting_crawls_after_each_meeting_and_skips_past_ones():
    trig = parse_schedule(
        "per-meeting",
        {
            "meetings": [
                {"id": "RAN1#122", "end": "2025-08-29"},
                {"id": "RAN1#121", "end": "2025-05-23"},
            ],
            "after_days": [1, 7],
        },
    )
    assert isinstance(trig, DatesTrigger)
    first = trig.get_next_fire_time(None, NOW)
    assert first == dt.datetime(2025, 8, 30, 3, 0, tzinfo=UTC)
    assert trig.get_next_fire_time(first, NOW) == dt.datetime(2025, 9, 5, 3, 0, tzinfo=UTC)
    assert trig.get_next_fire_time(dt.datetime(2025, 9, 5, 3, 0, tzinfo=UTC), NOW) is None
    # no meeting calendar: poll at the fallback cadence
    assert parse_schedule("per-meeting", {}).get_next_fire_time(None, NOW) == dt.datetime(
        2025, 8, 25, 3, 0, tzinfo=UTC
    )


SOURCES = """
[a]
spider = "records_feed"
schedule = "daily"
[b]
spider = "records_feed"
schedule = "weekly"
[off]
spider = "records_feed"
schedule = "daily"
enabled = false
[by-hand]
spider = "records_feed"
schedule = "manual"
[not-a-crawl]
parser = "curated-csv"
schedule = "daily"
"""


def test_jobs_one_per_enabled_scheduled_source_plus_delivery(tmp_path):
    cdir = config_copy(tmp_path, SOURCES)
    jobs = configured_jobs(cdir)
    assert [(j.source, j.func) for j in jobs] == [
        ("a", JOB_FUNC),
        ("b", JOB_FUNC),
        (None, DELIVER_FUNC),
    ]
    assert jobs[0].kwargs == {"source": "a", "config_dir": str(cdir.resolve())}
    assert all(j.id.startswith(("crawl:a:", "crawl:b:", "alerts:deliver:")) for j in jobs)
    assert [j.id for j in configured_jobs(cdir)] == [j.id for j in jobs]  # deterministic

    # change b's table in place: b gets a new id, a keeps its own
    (cdir / "sources.toml").write_text(
        SOURCES.replace('schedule = "weekly"', 'schedule = "every 2h"')
    )
    load_settings.cache_clear()
    changed = {j.source: j.id for j in configured_jobs(cdir)}
    assert changed["a"] == jobs[0].id and changed["b"] != jobs[1].id


def test_every_scheduled_source_has_something_to_crawl(tmp_path):
    """A scheduled source whose spider gets no start URL can only ever fail ("no snapshot
    fetched") and pile up retries: such sources must be ``manual`` (docs/scheduling.md)."""
    import asyncio

    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from tests.conftest import ROOT
    from tracker.targets import default_spider_args

    spiders = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["crawlers.spiders"]}))
    sources = load_settings(ROOT / "config").sources

    async def first_request(spider):
        async for request in spider.start():
            return request
        return None

    checked = []
    for job in configured_jobs(ROOT / "config"):
        cfg = sources.get(job.source or "", {})
        if not cfg or cfg["spider"] == "iso_committees":  # its ids: the committees in the store
            continue
        # what tracker.runs gives the spider
        urls = cfg.get("urls") or ([cfg["url"]] if cfg.get("url") else [])
        args = {k: str(v) for k, v in (cfg.get("spider_args") or {}).items()}
        if not urls and not args:
            urls, args = default_spider_args(cfg["spider"], tmp_path)
        if urls:
            args["start_urls"] = "\n".join(urls)
        spider = spiders.load(cfg["spider"])(**args)
        assert asyncio.run(first_request(spider)) is not None, f"{job.source} has no target"
        checked.append(job.source)
    assert "itu-mgmt" in checked and "tgpp-officials" in checked

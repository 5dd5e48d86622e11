"""ISO Open Data technical-committees feed (one JSON Lines file, refreshed daily)."""

from __future__ import annotations

from crawlers.spiders.base import SnapshotSpider

FEED_URL = (
    "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest/"
    "iso_technical_committees/json/iso_technical_committees.jsonl"
)


class IsoOpenDataSpider(SnapshotSpider):
    name = "iso_open_data"
    source = "iso-open-data"
    parser = "iso-open-data"
    start_urls = [FEED_URL]
    custom_settings = {"DOWNLOAD_MAXSIZE": 200 * 1024 * 1024}

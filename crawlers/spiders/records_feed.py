"""A feed of records already in the contract of docs/records.md (JSON Lines): one scope per URL."""

from __future__ import annotations

from crawlers.spiders.base import SnapshotSpider


class RecordsFeedSpider(SnapshotSpider):
    """``sso-tracker crawl records_feed --url URL [--arg scope=NAME]``."""

    name = "records_feed"
    source = "records-feed"
    parser = "records-jsonl"
    start_urls: list[str] = []

    def __init__(self, *args, scope: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_scope = scope

    def scope_for(self, url: str) -> str:
        return self.fixed_scope or f"records-feed:{url}"

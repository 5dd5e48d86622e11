"""IEC committee dashboards: discover committees from a list page, then read each dashboard.

List and dashboard markup is unverified (SOURCES.md 3); the parsers are label-driven and the
list URL is configurable (``list_url`` argument / config/sources.toml).
"""

from __future__ import annotations

import scrapy

from crawlers.parsers.common import ParseError
from crawlers.parsers.iec_committee import org_id, parse_committee_list
from crawlers.spiders.base import SnapshotSpider

LIST_URL = "https://www.iec.ch/dyn/www/f?p=103:6:0"
DASHBOARD = "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:{id}"


class IecCommitteesSpider(SnapshotSpider):
    name = "iec_committees"
    source = "iec-committee"
    parser = "iec-committee"

    def __init__(self, *args, list_url: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_url = list_url or LIST_URL

    async def start(self):
        if self.start_urls:
            for url in self.start_urls:
                yield scrapy.Request(url, callback=self.parse, errback=self.failed)
            return
        yield scrapy.Request(self.list_url, callback=self.parse_list, errback=self.failed)

    def parse_list(self, response):
        url = response.meta.get("original_url", response.url)
        item_scope = "iec-committee-list"
        from crawlers.items import snapshot_item

        yield snapshot_item(
            response, source=self.source, scope=item_scope, parser="iec-committee-list"
        )
        if response.status >= 400:
            return
        try:
            groups = parse_committee_list(response.body, url)
        except ParseError as exc:
            self.logger.error("committee list unreadable: %s", exc)
            return
        for group in groups:
            if group.get("iec_org_id"):
                yield scrapy.Request(
                    DASHBOARD.format(id=group["iec_org_id"]),
                    callback=self.parse,
                    errback=self.failed,
                )

    def scope_for(self, url: str) -> str:
        return f"iec-committee:{org_id(url)}"


class IecNpVotesSpider(SnapshotSpider):
    """IEC NP ballot result pages (``f?p=103:52:…``), given as start URLs: participation."""

    name = "iec_np_votes"
    source = "iec-np-vote"
    parser = "iec-np-vote"
    start_urls: list[str] = []

    def scope_for(self, url: str) -> str:
        return f"iec-np-vote:{url}"

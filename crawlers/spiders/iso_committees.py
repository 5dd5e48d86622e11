"""ISO committee pages (``https://www.iso.org/committee/{id}.html``): officers and terms.

The committee ids come from the store (ISO Open Data); ``sso-tracker crawl iso_committees``
passes them in ``ids_file`` (one id per line) or ``ids`` (comma-separated).
"""

from __future__ import annotations

from pathlib import Path

import scrapy

from crawlers.spiders.base import SnapshotSpider

PAGE = "https://www.iso.org/committee/{id}.html"


class IsoCommitteesSpider(SnapshotSpider):
    name = "iso_committees"
    source = "iso-committee"
    parser = "iso-committee"

    def __init__(self, *args, ids: str | None = None, ids_file: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = [i.strip() for i in (ids or "").split(",") if i.strip()]
        if ids_file:
            wanted += [ln.strip() for ln in Path(ids_file).read_text().splitlines() if ln.strip()]
        self.committee_ids = list(dict.fromkeys(wanted))

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)
        for cid in self.committee_ids:
            yield scrapy.Request(PAGE.format(id=cid), callback=self.parse, errback=self.failed)

    def scope_for(self, url: str) -> str:
        return f"iso-committee:{url.rsplit('/', 1)[-1].split('.')[0]}"

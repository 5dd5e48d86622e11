"""Base spider: every response becomes a snapshot item; every failure a failed snapshot."""

from __future__ import annotations

import scrapy

from crawlers.items import failure_item, snapshot_item


class SnapshotSpider(scrapy.Spider):
    """Subclasses set ``source``, ``parser`` and ``start_urls`` (or override ``start``), and
    may override :meth:`scope_for` and :meth:`follow` (links to fetch next, e.g. paging)."""

    source: str = ""
    parser: str = ""

    def __init__(self, *args, start_urls: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if start_urls:
            # one URL per line: URLs may contain commas (IEC's f?p=…:A,B,C)
            self.start_urls = [u.strip() for u in start_urls.splitlines() if u.strip()]

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def scope_for(self, url: str) -> str:
        return self.source

    def parse(self, response):
        url = response.meta.get("original_url", response.url)
        yield snapshot_item(
            response, source=self.source, scope=self.scope_for(url), parser=self.parser
        )
        if response.status < 400:
            yield from self.follow(response)

    def follow(self, response):
        return iter(())

    def failed(self, failure):
        request = failure.request
        url = request.meta.get("original_url", request.url)
        yield failure_item(
            request,
            f"{failure.type.__name__}: {failure.getErrorMessage()}",
            source=self.source,
            scope=self.scope_for(url),
            parser=self.parser,
        )

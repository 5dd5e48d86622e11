"""Base spider: every response becomes a snapshot item; every failure a failed snapshot.

A page is filed under the URL that was requested.  A redirect is the same page when the
final URL has the same scope (``scope_for``) or is the requested URL up to scheme
(``http``/``https``), host case and a leading ``www.``, a trailing ``/`` and added query
parameters (:func:`same_page`; this matters for spiders whose scope is the URL itself).
Any other redirect (another committee, an error page) is a failure of the requested page,
not a snapshot of either.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import scrapy

from crawlers.items import failure_item, requested_url, snapshot_item

_WEB_PORTS = {"http": 80, "https": 443}


def same_page(requested: str, final: str) -> bool:
    """Whether a redirect from ``requested`` to ``final`` stays on the same page: equal up to
    scheme (``http``/``https``), host case and a leading ``www.``, a trailing ``/`` on the
    path, and query parameters added (every requested parameter kept with its value)."""
    a, b = urlsplit(requested), urlsplit(final)

    def where(u):
        port = None if u.port == _WEB_PORTS.get(u.scheme) else u.port
        return (u.hostname or "").removeprefix("www."), port, u.path.removesuffix("/")

    def params(u):
        return set(parse_qsl(u.query, keep_blank_values=True))

    return (
        a.scheme in _WEB_PORTS
        and b.scheme in _WEB_PORTS
        and where(a) == where(b)
        and params(a) <= params(b)
    )


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
        url = requested_url(response)
        scope = self.scope_for(url)
        if not (same_page(url, response.url) or self.scope_for(response.url) == scope):
            yield failure_item(
                response,
                f"redirected to {response.url}, which is not this page ({scope})",
                source=self.source,
                scope=scope,
                parser=self.parser,
                final_url=response.url,
            )
            return
        yield snapshot_item(response, source=self.source, scope=scope, parser=self.parser)
        if response.status < 400:
            yield from self.follow(response)

    def follow(self, response):
        return iter(())

    def failed(self, failure):
        request = failure.request
        url = requested_url(request)
        yield failure_item(
            request,
            f"{failure.type.__name__}: {failure.getErrorMessage()}",
            source=self.source,
            scope=self.scope_for(url),
            parser=self.parser,
        )

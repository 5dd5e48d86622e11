"""Downloader middlewares that make Scrapy's defaults as polite and as faithful as documented.

* :class:`RobotsTxtMiddleware`: every request waiting for a host's robots.txt gets its rules.
* :class:`BackoffRetryMiddleware`: a 429/5xx/network error closes that host's download slot
  for the server's ``Retry-After`` (capped) or an exponential back-off, then retries.
* :class:`RedirectMiddleware`, :class:`MetaRefreshMiddleware`: a redirect is always followed
  to the spider (never dropped as a duplicate), which files it under the requested page.

``crawlers/settings.py`` puts them in place of Scrapy's own.
"""

from __future__ import annotations

import email.utils
import logging
import time

from scrapy import signals
from scrapy.downloadermiddlewares import redirect, retry, robotstxt
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

log = logging.getLogger(__name__)


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
    """Scrapy's, except that every request arriving while a host's robots.txt is still
    downloading waits on a Deferred of its own.

    Scrapy 2.19 lets them all await one shared Deferred; turning it into an asyncio future
    consumes its result, so the second waiter got ``None`` ("no robots.txt") and its page
    was fetched even when robots.txt forbids it.
    """

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        own: Deferred = Deferred()

        def relay(result):
            own.callback(result)
            return result  # passed on unchanged to the next waiter

        pending.addBoth(relay)
        return await maybe_deferred_to_future(own)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """A ``Retry-After`` header in seconds (delta-seconds or an HTTP date), None if absent or
    unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class BackoffRetryMiddleware(retry.RetryMiddleware):
    """Scrapy's retries (``RETRY_TIMES``, ``RETRY_HTTP_CODES``, network errors), spaced out.

    A retryable answer from a host (or a network error) puts that host on hold: no request
    to it is downloaded until the server's ``Retry-After`` has passed, or, without one,
    ``BACKOFF_BASE_DELAY`` × 2^(n−1) seconds for the n-th retry; both capped at
    ``BACKOFF_MAX_DELAY``.  Requests to other hosts go on meanwhile.

    The hold closes the host's download slot (Scrapy's ``slot.latercall``, which also spaces
    requests by ``DOWNLOAD_DELAY``) instead of sleeping in the middleware chain: a sleeping
    request would count as active in the downloader, and a few of them would stop every
    host at ``CONCURRENT_REQUESTS``.  A held answer holds the slot as soon as it is
    downloaded (``response_downloaded``), before the slot's next request can start; a
    network error once it reaches :meth:`process_exception`.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.base_delay = settings.getfloat("BACKOFF_BASE_DELAY", 0.0)
        self.max_delay = settings.getfloat("BACKOFF_MAX_DELAY", 300.0)
        self.resume_at: dict[str, float] = {}  # slot (host) -> time.monotonic() it reopens

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw._response_downloaded, signal=signals.response_downloaded)
        return mw

    def _close_slot(self, request) -> None:
        """Keep the request's download slot closed until its ``resume_at``, if still ahead."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        wait = self.resume_at.get(key, 0.0) - time.monotonic()
        if wait <= 0:
            return
        _, slot = downloader._get_slot(request)
        if slot.latercall:  # a pending DOWNLOAD_DELAY is checked again when the hold ends
            slot.latercall.cancel()
        slot.latercall = call_later(wait, downloader._latercall, slot)

    def _hold(self, request, retry_after: float | None) -> None:
        attempt = request.meta.get("retry_times", 0)  # retries already made
        wait = retry_after if retry_after is not None else self.base_delay * 2**attempt
        wait = min(wait, self.max_delay)
        if wait <= 0:
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        until = time.monotonic() + wait
        if until > self.resume_at.get(key, 0.0):
            self.resume_at[key] = until
            self._close_slot(request)
            log.info("backing off %s for %.1f s", key, wait)

    def process_request(self, request):
        # Scrapy drops a slot idle for a minute, and its hold with it: close the new one.
        self._close_slot(request)

    def _response_downloaded(self, response, request, **kwargs):
        if response.status in self.retry_http_codes and not request.meta.get("dont_retry"):
            self._hold(request, retry_after_seconds(response.headers.get("Retry-After")))

    def process_exception(self, request, exception):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry"):
            self._hold(request, None)
        return super().process_exception(request, exception)


class _RedirectToSpider:
    """A redirected request bypasses the duplicate filter: the page it comes from was asked
    for and must get a snapshot (or a failure), even when the target was fetched already."""

    def _redirect(self, redirected, request, reason):
        redirected = super()._redirect(redirected, request, reason)
        redirected.dont_filter = True
        return redirected


class RedirectMiddleware(_RedirectToSpider, redirect.RedirectMiddleware):
    pass


class MetaRefreshMiddleware(_RedirectToSpider, redirect.MetaRefreshMiddleware):
    pass

"""Polite sequential HTTP for backfills: identified bot, fixed delay, bounded back-off.

Plain ``urllib`` (no Scrapy): a backfill is one slow, sequential, resumable batch.  Every
request carries the crawler's User-Agent (``crawlers/settings.py``), requests are at least
``delay`` seconds apart, and 429/5xx answers or network errors are retried after
``backoff · 2^attempt`` seconds (or the server's ``Retry-After``, both capped at
``max_backoff``), at most ``retries`` times; then :class:`TransientError` is raised so the
run stops and can be resumed later.  A body cut off before its announced length (or a broken
gzip body) counts as a network error.
"""

from __future__ import annotations

import gzip
import http.client
import logging
import os
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from crawlers.settings import USER_AGENT

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://web.archive.org"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 522, 524})
# refused/reset connections, timeouts (OSError, urllib's URLError), answers cut off or
# malformed (IncompleteRead, RemoteDisconnected…), gzip bodies cut off (EOFError, zlib.error)
NETWORK_ERRORS = (OSError, http.client.HTTPException, EOFError, zlib.error)


def wayback_base(base: str | None = None) -> str:
    """The archive's base URL: argument, else ``SSO_WAYBACK_BASE``, else web.archive.org."""
    return (base or os.environ.get("SSO_WAYBACK_BASE") or DEFAULT_BASE).rstrip("/")


def capture_url(base: str, timestamp: str, original: str) -> str:
    """Where the archive serves a capture's original bytes (``id_``: no rewriting, no banner)."""
    return f"{base.rstrip('/')}/web/{timestamp}id_/{original}"


class TransientError(RuntimeError):
    """Still failing (429/5xx/network) after every retry: stop and resume later."""


@dataclass
class Response:
    url: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class HttpClient:
    """One request at a time, ``delay`` seconds apart, with bounded exponential back-off."""

    def __init__(
        self,
        *,
        delay: float = 5.0,
        retries: int = 4,
        backoff: float = 10.0,
        max_backoff: float = 300.0,
        timeout: float = 60.0,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.delay, self.retries, self.backoff, self.max_backoff = (
            delay,
            retries,
            backoff,
            max_backoff,
        )
        self.timeout, self.user_agent = timeout, user_agent
        self.sleep, self.clock = sleep, clock
        self.requests = 0
        self._last: float | None = None

    def _wait_turn(self) -> None:
        if self._last is not None and self.delay > 0:
            remaining = self.delay - (self.clock() - self._last)
            if remaining > 0:
                self.sleep(remaining)

    def _once(self, url: str) -> Response:
        self._wait_turn()
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310
                status, headers, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            status, headers, body = exc.code, exc.headers, exc.read()
        finally:
            self._last = self.clock()
        heads = {k.lower(): v for k, v in (headers or {}).items()}
        if heads.get("content-encoding", "").lower() == "gzip" and body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        return Response(url=url, status=status, body=body, headers=heads)

    def _pause(self, attempt: int, retry_after: str | None) -> float:
        wait = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after))
        return min(wait, self.max_backoff)

    def get(self, url: str) -> Response:
        """GET ``url``; 4xx other than 408/429 are returned as they are, not retried."""
        problem = ""
        for attempt in range(self.retries + 1):
            retry_after = None
            try:
                response = self._once(url)
            except NETWORK_ERRORS as exc:
                problem = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                problem, retry_after = (
                    f"HTTP {response.status}",
                    response.headers.get("retry-after"),
                )
            if attempt < self.retries:
                wait = self._pause(attempt, retry_after)
                log.warning(
                    "%s for %s; retry %d/%d in %.1f s",
                    problem,
                    url,
                    attempt + 1,
                    self.retries,
                    wait,
                )
                self.sleep(wait)
        raise TransientError(f"{problem} for {url} after {self.retries} retries")

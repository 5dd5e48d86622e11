"""Wayback Machine CDX server client: list the captures of one URL, page by page.

Query (SOURCES.md section 5): ``{base}/cdx/search/cdx?url=URL&output=json&fl=…&filter=
statuscode:200&collapse=digest&from=YYYY&to=YYYY&limit=N&showResumeKey=true[&resumeKey=K]``.

The JSON answer is a list of rows whose **first row is the header** (field names); with
``showResumeKey=true`` and more captures left, the rows end with ``[]`` and then
``[resumeKey]``.  An empty answer (no capture) is ``[]`` or an empty body.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from tracker.backfill.fetch import HttpClient

FIELDS = ("timestamp", "original", "mimetype", "statuscode", "digest", "length")
PAGE_SIZE = 1000
_PERIOD = re.compile(r"^\d{4}(\d{2}){0,5}$")


class CdxError(ValueError):
    """The CDX server answered something that is not a CDX JSON listing."""


@dataclass(frozen=True)
class Capture:
    """One archived copy: ``timestamp`` is the archive's ``YYYYMMDDhhmmss`` (UTC)."""

    timestamp: str
    original: str
    mimetype: str | None = None
    statuscode: str | None = None
    digest: str | None = None
    length: str | None = None

    @property
    def captured_at(self) -> dt.datetime:
        stamp = self.timestamp[:14]
        return dt.datetime.strptime(stamp + "00000101000000"[len(stamp) :], "%Y%m%d%H%M%S")

    @property
    def observed_at(self) -> dt.date:
        return self.captured_at.date()

    @property
    def key(self) -> str:
        """Identity of a capture (used by the resumable state): timestamp and original URL."""
        return f"{self.timestamp} {self.original}"


@dataclass(frozen=True)
class CdxPage:
    captures: list[Capture]
    resume_key: str | None  # None: this was the last page


def check_period(value: str | None, name: str) -> str | None:
    """``YYYY`` to ``YYYYMMDDhhmmss`` (the CDX ``from``/``to`` syntax), or None."""
    if value is None or value == "":
        return None
    value = str(value).replace("-", "")
    if not _PERIOD.match(value):
        raise ValueError(f"{name}: expected YYYY[MM[DD]] (up to YYYYMMDDhhmmss), got {value!r}")
    return value


def query_url(
    base: str,
    url: str,
    *,
    start: str | None = None,
    end: str | None = None,
    resume_key: str | None = None,
    limit: int = PAGE_SIZE,
) -> str:
    """The CDX request for one page of captures of ``url`` (exact match)."""
    params = [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(FIELDS)),
        ("filter", "statuscode:200"),
        ("collapse", "digest"),
    ]
    if start:
        params.append(("from", start))
    if end:
        params.append(("to", end))
    params += [("limit", str(limit)), ("showResumeKey", "true")]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


def parse_listing(body: bytes) -> CdxPage:
    """Read a CDX ``output=json`` answer (header row first; ``[]``, ``[key]`` at the end)."""
    try:
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        text = body.decode("utf-8").strip()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CdxError(
            f"CDX answer is not readable text ({type(exc).__name__}): {body[:80]!r}"
        ) from exc
    if not text:
        return CdxPage([], None)
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CdxError(f"CDX answer is not JSON: {text[:80]!r}") from exc
    if not isinstance(rows, list) or any(not isinstance(r, list) for r in rows):
        raise CdxError("CDX answer is not a list of rows")
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key = str(rows[-1][0])
        rows = rows[:-2]
    rows = [r for r in rows if r]
    if not rows:
        return CdxPage([], resume_key)
    header = [str(h) for h in rows[0]]
    if "timestamp" not in header or "original" not in header:
        raise CdxError(f"CDX header row lacks timestamp/original: {header}")
    captures = []
    for row in rows[1:]:
        rec = dict(zip(header, row, strict=False))
        captures.append(
            Capture(
                **{f: (str(rec[f]) if rec.get(f) is not None else None) for f in FIELDS if f in rec}
            )
        )
    return CdxPage(captures, resume_key)


class CdxClient:
    """Lists captures through one polite :class:`HttpClient` (sequential, delayed, backing off)."""

    def __init__(self, http: HttpClient, base: str, page_size: int = PAGE_SIZE):
        self.http, self.base, self.page_size = http, base, page_size

    def page(
        self,
        url: str,
        *,
        start: str | None = None,
        end: str | None = None,
        resume_key: str | None = None,
    ) -> CdxPage:
        response = self.http.get(
            query_url(
                self.base, url, start=start, end=end, resume_key=resume_key, limit=self.page_size
            )
        )
        if response.status != 200:
            raise CdxError(f"CDX server answered HTTP {response.status} for {url}")
        return parse_listing(response.body)

    def pages(
        self,
        url: str,
        *,
        start: str | None = None,
        end: str | None = None,
        resume_key: str | None = None,
    ) -> Iterator[CdxPage]:
        """Every page from ``resume_key`` (None: the first) to the last."""
        while True:
            page = self.page(url, start=start, end=end, resume_key=resume_key)
            yield page
            if not page.resume_key or page.resume_key == resume_key:
                return
            resume_key = page.resume_key

"""The one item spiders yield: a fetched page with its provenance (``SnapshotItem``).

Spiders do not parse pages into records for the store; the importer runs the parser named
by ``parser`` on the stored bytes, so any snapshot can be re-parsed later.
"""

from __future__ import annotations

REQUIRED = ("source", "scope", "url", "parser", "fetched_at")


def requested_url(message) -> str:
    """The URL the spider asked for, given its request or response: the original URL in
    replay, the first URL of a redirect chain, else the URL itself."""
    meta = message.meta
    return meta.get("original_url") or (meta.get("redirect_urls") or [message.url])[0]


def snapshot_item(response, *, source: str, scope: str, parser: str, **extra) -> dict:
    """Build the item for a response, under the URL that was requested (the original URL in
    replay); after a redirect, ``final_url`` says where the bytes came from."""
    import datetime as dt

    url = requested_url(response)
    if response.url != url and not response.meta.get("original_url"):
        extra.setdefault("final_url", response.url)
    return {
        "source": source,
        "scope": scope,
        "url": url,
        "parser": parser,
        "http_status": response.status,
        "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1") or None,
        "fetched_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "body": response.body,
        **extra,
    }


def failure_item(request, reason: str, *, source: str, scope: str, parser: str, **extra) -> dict:
    """A failed fetch of ``request`` (or of a response's request), under the requested URL."""
    import datetime as dt

    return {
        "source": source,
        "scope": scope,
        "url": requested_url(request),
        "parser": parser,
        "http_status": None,
        "fetched_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "body": b"",
        "error": reason,
        **extra,
    }

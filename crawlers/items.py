"""The one item spiders yield: a fetched page with its provenance (``SnapshotItem``).

Spiders do not parse pages into records for the store; the importer runs the parser named
by ``parser`` on the stored bytes, so any snapshot can be re-parsed later.
"""

from __future__ import annotations

REQUIRED = ("source", "scope", "url", "parser", "fetched_at")


def snapshot_item(response, *, source: str, scope: str, parser: str, **extra) -> dict:
    """Build the item for a response (``response.url`` is the original URL, even in replay)."""
    import datetime as dt

    return {
        "source": source,
        "scope": scope,
        "url": response.meta.get("original_url", response.url),
        "parser": parser,
        "http_status": response.status,
        "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1") or None,
        "fetched_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "body": response.body,
        **extra,
    }


def failure_item(request, reason: str, *, source: str, scope: str, parser: str) -> dict:
    import datetime as dt

    return {
        "source": source,
        "scope": scope,
        "url": request.meta.get("original_url", request.url),
        "parser": parser,
        "http_status": None,
        "fetched_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "body": b"",
        "error": reason,
    }

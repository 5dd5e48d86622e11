"""One snapshot: where and when a page was fetched, what became of it, and its text."""

from __future__ import annotations

import gzip
import io

from sqlalchemy.orm import Session

from dashboard.queries.common import iso
from db.models import Snapshot

PREVIEW_CHARS = 4000


def snapshot_info(session: Session, sid: int, preview: int = PREVIEW_CHARS) -> dict | None:
    """Provenance of a snapshot and the start of its content, decoded as text (never HTML)."""
    snap = session.get(Snapshot, sid)
    if snap is None:
        return None
    text = ""
    if preview and snap.raw_gz:
        with gzip.GzipFile(fileobj=io.BytesIO(snap.raw_gz)) as fh:
            raw = fh.read(preview * 4)
        text = raw.decode("utf-8", errors="replace")[:preview]
    return {
        "id": snap.id,
        "source": snap.source,
        "scope": snap.scope,
        "url": snap.url,
        "fetched_at": iso(snap.fetched_at),
        "observed_at": iso(snap.observed_at),
        "http_status": snap.http_status,
        "status": snap.status,
        "reason": snap.reason,
        "parser": f"{snap.parser_name} {snap.parser_version}",
        "records": snap.record_count,
        "content_hash": snap.content_hash,
        "raw_size": snap.raw_size,
        "preview": text,
    }

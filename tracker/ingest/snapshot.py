"""What the importer is fed: one fetched page or feed with its provenance."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SnapshotInput:
    """Raw bytes plus where and when they were fetched.  ``scope`` names what the page
    covers completely (a post of the scope missing from a later snapshot has ended)."""

    source: str
    scope: str
    url: str
    raw: bytes
    parser: str
    observed_at: dt.date
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    http_status: int | None = 200
    content_type: str | None = None
    run_id: str | None = None
    error: str | None = None  # set when the fetch itself failed

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def read_bytes(path: Path) -> bytes:
    """A local file's content, transparently un-gzipped (hashes are of the content)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data

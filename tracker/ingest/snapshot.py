"""What the importer is fed: one fetched page or feed with its provenance."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.parsers.common import ParseError


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


class UnreadableFile(ParseError):
    """A local file that cannot be read as what it claims to be (a truncated or corrupt gzip)."""


def read_bytes(path: Path) -> bytes:
    """A local file's content, transparently un-gzipped (hashes are of the content).
    Raises :class:`UnreadableFile` for a truncated or corrupt gzip file."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise UnreadableFile(f"truncated or corrupt gzip file: {exc}") from exc
    return data


def file_input(path: Path, **fields) -> SnapshotInput:
    """A snapshot of a local file: its content (:func:`read_bytes`), retrieved at the file's
    modification time when that falls on the observation date (a file saved the day it was
    read), else at 00:00 of the observation date (a copied or checked-out file, whose
    modification time says nothing about the retrieval).  A given ``fetched_at`` wins.  A file
    that cannot be read becomes an input with ``error`` set and the file's bytes as they are,
    so it is stored as failed."""
    if "fetched_at" not in fields:
        day = fields["observed_at"]
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        fields["fetched_at"] = mtime if mtime.date() == day else dt.datetime.combine(day, dt.time())
    try:
        return SnapshotInput(raw=read_bytes(path), **fields)
    except UnreadableFile as exc:
        return SnapshotInput(raw=path.read_bytes(), error=f"{path.name}: {exc}", **fields)

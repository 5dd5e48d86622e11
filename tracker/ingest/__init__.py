"""The importer: the only code that writes the store."""

from tracker.ingest.importer import Importer, IngestResult, ingest_snapshot
from tracker.ingest.snapshot import SnapshotInput

__all__ = ["IngestResult", "Importer", "SnapshotInput", "ingest_snapshot"]

"""History backfill from web archives (Wayback CDX): ``sso-tracker backfill SOURCE``."""

from tracker.backfill.run import BackfillReport, backfill

__all__ = ["BackfillReport", "backfill"]

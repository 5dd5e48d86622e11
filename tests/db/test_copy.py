"""`db copy` SQLite -> PostgreSQL -> SQLite preserves row counts and a checksum of every table."""

from __future__ import annotations

from sqlalchemy import func, select

from db import migrate
from db.models import Post
from db.session import session_factory
from tests.conftest import _fresh_postgres, iso_snapshot
from tracker.dbcopy import table_checksums


def test_copy_roundtrip_sqlite_postgres_sqlite(cli, db_url, tmp_path):
    for d in ("2025-06-12", "2025-07-01", "2025-07-02"):
        cli("ingest", "iso-open-data", iso_snapshot(d))
    pg_url, drop = _fresh_postgres()
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    try:
        cli("db", "copy", db_url, pg_url)
        cli("db", "copy", pg_url, back)
        original, on_pg, round_trip = table_checksums(db_url), table_checksums(pg_url), table_checksums(back)
        assert original == on_pg == round_trip
        assert original["posts"][0] > 700 and original["snapshots"][0] == 3
        # the copy is a working store: new rows get fresh ids on PostgreSQL
        assert migrate.current(pg_url) == migrate.heads()[0]
        cli("ingest", "iso-open-data", iso_snapshot("2025-07-09"))  # into the source, still fine
        session = session_factory(pg_url)()
        assert session.scalar(select(func.count(Post.id))) == original["posts"][0]
        session.close()
    finally:
        drop()


def test_copy_refuses_a_non_empty_target(cli, db_url, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    target = f"sqlite:///{tmp_path / 't.sqlite'}"
    cli("db", "copy", db_url, target)
    result = cli("db", "copy", db_url, target, ok=False)
    assert result.exit_code == 1 and "not empty" in result.output

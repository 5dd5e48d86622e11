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
        original, on_pg, round_trip = (
            table_checksums(db_url),
            table_checksums(pg_url),
            table_checksums(back),
        )
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


def test_copy_from_a_missing_sqlite_file_is_refused_and_creates_nothing(cli, tmp_path):
    missing = tmp_path / "typo.sqlite"
    result = cli(
        "db", "copy", f"sqlite:///{missing}", f"sqlite:///{tmp_path / 'dst.sqlite'}", ok=False
    )
    assert result.exit_code == 1
    assert f"the SQLite file {missing} does not exist" in result.output
    assert not missing.exists() and not (tmp_path / "dst.sqlite").exists()


def test_commands_on_an_unmigrated_store_say_to_run_db_upgrade(empty_db):
    from click.testing import CliRunner

    from tracker.cli import main

    runner = CliRunner()
    for args in (
        ["share", "--body", "ISO", "--role", "secretariat"],
        ["posts", "--body", "ISO"],
        ["db", "check"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert "run `sso-tracker db upgrade` first" in result.output, (args, result.output)
        assert "Traceback" not in result.output
    result = runner.invoke(main, ["db", "copy", "foo", "bar"])
    assert result.exit_code == 1 and "not a database URL" in result.output

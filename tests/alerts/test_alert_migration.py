"""Migration 0002 creates exactly what db/models/alerts.py declares, and removes it again."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

import db.models.alerts  # noqa: F401  (the tables must be in the metadata alembic compares)
from db import migrate
from db.session import get_engine

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
TABLES = {"alert_deliveries", "source_locks", "apscheduler_jobs"}


def test_alert_tables_round_trip(empty_db):
    migrate.upgrade(empty_db)
    assert TABLES <= set(inspect(get_engine(empty_db)).get_table_names())
    migrate.check(empty_db)  # models == migrated schema, the job store table included
    uniques = inspect(get_engine(empty_db)).get_unique_constraints("alert_deliveries")
    assert [u["column_names"] for u in uniques] == [["subscriber", "channel", "event_key"]]
    migrate.downgrade(empty_db, "0001")
    assert not TABLES & set(inspect(get_engine(empty_db)).get_table_names())

"""Migrations: empty -> head -> base on both databases, one head, models match the schema."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from db import migrate
from db.base import Base
from db.session import get_engine

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)


def test_upgrade_downgrade_roundtrip(empty_db):
    migrate.upgrade(empty_db)
    engine = get_engine(empty_db)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with engine.connect() as conn:
        roles = {r[0] for r in conn.execute(text("select slug from roles"))}
        bodies = {r[0] for r in conn.execute(text("select slug from bodies"))}
    assert {"chair", "vice_chair", "secretariat", "staff", "rapporteur"} <= roles
    assert bodies == {"ISO", "IEC", "ITU-T", "3GPP"}
    migrate.check(empty_db)  # models == migrated schema
    migrate.downgrade(empty_db, "base")
    assert set(inspect(get_engine(empty_db)).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.heads()[0]


def test_single_head(empty_db):
    assert len(migrate.heads()) == 1

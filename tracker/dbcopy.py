"""Copy a whole store from one database to another (SQLite <-> PostgreSQL), preserving ids.

The target is migrated to head first and must be empty.  Tables are copied in foreign-key
order, in batches; self-references (a group's parent) are filled in a second pass; on
PostgreSQL the id sequences are moved past the copied ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import MetaData, Table, func, select, text, update
from sqlalchemy.engine import make_url

from db import migrate
from db.session import get_engine

SKIP = {"alembic_version"}
SEEDED = {"bodies", "roles"}  # vocabulary rows the migrations insert on both sides
BATCH = 5000


def _missing_sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL when it does not exist (connecting would create it empty)."""
    parsed = make_url(url)
    path = parsed.database
    if (
        parsed.get_backend_name() != "sqlite"
        or not path
        or path == ":memory:"
        or path.startswith("file:")
    ):
        return None
    return None if Path(path).exists() else path


def _tables(engine) -> list[Table]:
    meta = MetaData()
    meta.reflect(bind=engine)
    return [t for t in meta.sorted_tables if t.name not in SKIP]


def copy_database(
    src_url: str, dst_url: str, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    missing = _missing_sqlite_file(src_url)
    if missing:
        raise RuntimeError(f"no source database: the SQLite file {missing} does not exist")
    src, dst = get_engine(src_url), get_engine(dst_url)
    if migrate.current(src_url) != migrate.heads()[0]:
        raise RuntimeError(
            "the source database is not at the latest migration: run `db upgrade` on it first"
        )
    migrate.upgrade(dst_url)
    dst_tables = {t.name: t for t in _tables(dst)}
    counts: dict[str, int] = {}
    with src.connect() as s_conn, dst.begin() as d_conn:
        for name, target in dst_tables.items():
            if name not in SEEDED and d_conn.scalar(select(func.count()).select_from(target)):
                raise RuntimeError(f"target table {name} is not empty: copy into an empty database")
        for table in _tables(src):
            target = dst_tables.get(table.name)
            if target is None:
                continue
            if table.name in SEEDED:  # seeded by the migrations on both sides
                d_conn.execute(target.delete())
            self_refs = [
                fk.parent.name for fk in target.foreign_keys if fk.column.table.name == table.name
            ]
            n, deferred = 0, []
            result = s_conn.execution_options(yield_per=BATCH).execute(select(table))
            for chunk in result.mappings().partitions(BATCH):
                rows = [dict(r) for r in chunk]
                for r in rows:
                    if any(r.get(c) is not None for c in self_refs):
                        deferred.append({"_id": r["id"], **{c: r[c] for c in self_refs}})
                        for c in self_refs:
                            r[c] = None
                d_conn.execute(target.insert(), rows)
                n += len(rows)
            for r in deferred:
                d_conn.execute(
                    update(target)
                    .where(target.c.id == r["_id"])
                    .values(**{c: r[c] for c in self_refs})
                )
            counts[table.name] = n
            if progress:
                progress(table.name, n)
        if dst.dialect.name == "postgresql":
            for table in dst_tables.values():
                if "id" in table.c and table.c.id.autoincrement is not False:
                    d_conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false) '
                            f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL"
                        )
                    )
    return counts


def table_checksums(url: str) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of the rows in primary-key order) for every table."""
    engine = get_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in _tables(engine):
            pk = list(table.primary_key.columns) or list(table.c)
            digest, n = hashlib.sha256(), 0
            for row in conn.execute(select(table).order_by(*pk)):
                digest.update(json.dumps([_norm(v) for v in row], default=str).encode())
                n += 1
            out[table.name] = (n, digest.hexdigest())
    return out


def _norm(value):
    if isinstance(value, (bytes, memoryview)):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return value

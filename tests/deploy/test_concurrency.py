"""An import, a dashboard query loop and exports at the same time on one store: no error, no
lost row (SQLite in WAL mode, and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading

import pandas as pd
import pytest
from sqlalchemy import func, select

from db.models import ChangeEvent, Post, Snapshot
from db.session import session_factory
from tests.conftest import ISO_DATA, ROOT
from tracker.queries.events import list_events
from tracker.queries.filters import PostFilter
from tracker.queries.share import share

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracker.cli", *args], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_import_queries_and_exports_in_parallel(db_url, tmp_path):
    importer = _cli("ingest", "iso-open-data", str(ISO_DATA))
    errors: list[BaseException] = []
    queries = 0
    stop = threading.Event()

    def dashboard_loop() -> None:
        nonlocal queries
        factory = session_factory(db_url)
        while not stop.is_set():
            try:
                with factory() as session:
                    share(session, dt.date(2025, 8, 20), PostFilter(body="ISO", roles=("secretariat",)))
                    list_events(session, body="ISO")
                queries += 1
            except BaseException as exc:  # noqa: BLE001  (collected and asserted below)
                errors.append(exc)
                return

    reader = threading.Thread(target=dashboard_loop)
    reader.start()
    exports = []
    for i in range(3):
        out = tmp_path / f"posts-{i}.csv"
        proc = _cli("export", "posts", "--out", str(out))
        proc.wait(timeout=300)
        exports.append((proc, out))
    importer.wait(timeout=600)
    stop.set()
    reader.join(timeout=60)

    assert importer.returncode == 0, importer.stderr.read()
    for proc, out in exports:
        assert proc.returncode == 0, proc.stderr.read()
        frame = pd.read_csv(out)
        assert frame["post_id"].is_unique  # a consistent snapshot of the table, no torn rows
    assert not errors, errors
    assert queries > 0
    # nothing lost: the store ends exactly as a serial import leaves it
    session = session_factory(db_url)()
    try:
        assert session.scalar(select(func.count(Snapshot.id)).where(Snapshot.status == "applied")) == 10
        assert session.scalar(select(func.count(ChangeEvent.id))) == 11
        rows = share(session, dt.date(2025, 8, 20), PostFilter(body="ISO", roles=("secretariat",)))
        counts = {r.country: r.posts for r in rows}
        assert (counts["CN"], counts["US"], counts["DE"], sum(counts.values())) == (90, 92, 130, 771)
        final = session.scalar(select(func.count(Post.id)))
    finally:
        session.close()
    out = tmp_path / "final.csv"
    proc = _cli("export", "posts", "--out", str(out))
    proc.wait(timeout=300)
    assert len(pd.read_csv(out)) == final

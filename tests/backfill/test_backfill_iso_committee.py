"""Backfill of one ISO committee page (ISO/TC 20/SC 1, id 46484) over two URL generations.

The stand-in archive holds two captures of today's URL (2025-01-15: chair plus chair-elect;
2026-01-12: the elect has become chair) and one 2015 capture of the 2013–2016 URL.  All
three are filed under the scope of today's URL, so they form one history.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest
from sqlalchemy import select

from db.models import Post, Snapshot
from tests.backfill.wayback_server import WAYBACK_FIXTURES, FakeWayback
from tests.conftest import BACKENDS, FIXTURES, ROOT

PAGE = "https://www.iso.org/committee/46484.html"
OLD_QUERY = (
    "https://www.iso.org/iso/home/standards_development/list_of_iso_technical_committees/"
    "iso_technical_committee.htm?commid=46484"
)
OLD_ORIGINAL = OLD_QUERY.replace("https://www.iso.org/", "http://www.iso.org:80/")
OLD_STORED = OLD_QUERY.replace("https://", "http://")
HERE = WAYBACK_FIXTURES / "iso_committee_46484"
PAGES = FIXTURES / "iso" / "iso_committee"


def committee_archive() -> dict:
    return {
        "cdx": {
            (PAGE, None): HERE / "cdx_current.json",
            (OLD_QUERY, None): HERE / "cdx_2013_2016.json",
        },
        "captures": {
            ("20250115093000", PAGE): PAGES / "tc20_sc1_2025-01.html",
            ("20260112101500", PAGE): PAGES / "tc20_sc1_2026-01.html",
            ("20150310121314", OLD_ORIGINAL): HERE / "tc20_sc1_2015_old_url.html",
        },
    }


@pytest.fixture(autouse=True)
def committee_thresholds(tmp_path, monkeypatch):
    """A config whose iso-committee source accepts a page losing one of four officers
    (the chair-elect who became chair): ``min_ratio = 0.5`` instead of the default 0.8."""
    from tracker import config

    cfg = tmp_path / "config"
    cfg.mkdir()
    shutil.copy(ROOT / "config" / "tracker.toml", cfg)
    (cfg / "sources.toml").write_text(
        '[iso-committee]\nbody = "ISO"\nparser = "iso-committee"\nspider = "iso_committees"\n'
        "min_records = 1\nmin_ratio = 0.5\n"
    )
    monkeypatch.setattr(config, "CONFIG_DIR", cfg)
    config.load_settings.cache_clear()
    yield
    config.load_settings.cache_clear()


def _events(cli) -> list[tuple]:
    rows = csv.DictReader(io.StringIO(cli("events", "--format", "csv").stdout))
    return sorted(
        (
            r["kind"],
            r["role"],
            r["holder"] or r["previous_holder"],
            r["before_date"],
            r["after_date"],
        )
        for r in rows
    )


@pytest.mark.parametrize("empty_db", BACKENDS, indirect=True)
def test_committee_page_history_across_url_generations(backfill, cli, session):
    archive = FakeWayback(**committee_archive())
    with archive as base:
        backfill("iso-committee", "--id", "46484", "--from", "2015", "--to", "2026", "--base", base)
    # 2008-2012 and 2001-2007 forms lie outside 2015-2026: not listed at all
    assert [h.params["url"] for h in archive.of("cdx")] == [PAGE, OLD_QUERY]
    snaps = session.scalars(select(Snapshot).order_by(Snapshot.observed_at)).all()
    assert [(s.scope, s.url, s.observed_at, s.status) for s in snaps] == [
        ("iso-committee:46484", OLD_STORED, dt.date(2015, 3, 10), "applied"),
        ("iso-committee:46484", PAGE, dt.date(2025, 1, 15), "applied"),
        ("iso-committee:46484", PAGE, dt.date(2026, 1, 12), "applied"),
    ]
    chairs = session.execute(
        select(Post.holder_label, Post.role, Post.valid_from, Post.valid_to)
        .where(Post.role.in_(["chair", "chair_elect"]))
        .order_by(Post.valid_from, Post.holder_label)
    ).all()
    # the 2015 page names the chair without a term: a new interval when the term appears
    assert [tuple(c) for c in chairs] == [
        ("Chen Example", "chair", dt.date(2015, 3, 10), dt.date(2025, 1, 15)),
        ("Chen Example", "chair", dt.date(2025, 1, 15), dt.date(2026, 1, 12)),
        ("Liu Sample", "chair_elect", dt.date(2025, 1, 15), dt.date(2026, 1, 12)),
        ("Liu Sample", "chair", dt.date(2026, 1, 12), None),
    ]
    assert [e for e in _events(cli) if e[1] in ("chair", "chair_elect")] == [
        ("appointment", "chair_elect", "Liu Sample", "2015-03-10", "2025-01-15"),
        ("departure", "chair", "Chen Example", "2025-01-15", "2026-01-12"),
        ("post_updated", "chair", "Chen Example", "2015-03-10", "2025-01-15"),
        ("role_change", "chair", "Liu Sample", "2025-01-15", "2026-01-12"),
    ]


def test_all_four_generations_are_listed_without_a_period(backfill, session):
    archive = FakeWayback(**committee_archive())
    with archive as base:
        result = backfill("iso-committee", "--id", "46484", "--base", base)
    listed = [h.params["url"] for h in archive.of("cdx")]
    assert listed[:2] == [PAGE, OLD_QUERY] and len(listed) == 4
    assert "list_of_iso_technical_committees/iso_technical_committee.htm?commid=46484" in listed[2]
    assert "TechnicalCommitteeDetail?COMMID=46484" in listed[3]
    assert "applied 3" in result.stderr
    assert len(session.scalars(select(Snapshot)).all()) == 3

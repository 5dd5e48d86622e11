"""The bundled ISO data (and ITU-like posts through the importer): the time series agrees with
the published counts and with share() at every snapshot date."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.params import ShareParams
from dashboard.queries.share import posts_behind, share_frame
from tests.conftest import ISO_DATES
from tracker.queries.filters import PostFilter
from tracker.queries.share import share
from tracker.queries.timeseries import share_over_time

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)


def test_iso_secretariats_over_time_match_share_and_published_counts(demo_store, session):
    flt = PostFilter(body="ISO", roles=("secretariat",))
    df = share_over_time(session, dt.date(2025, 6, 12), dt.date(2025, 8, 20), "D", flt, top_n=200)
    by_day = df.groupby("date")
    for day in ISO_DATES:
        rows = by_day.get_group(day).set_index("country")["posts"]
        expected = {r.country: r.posts for r in share(session, dt.date.fromisoformat(day), flt)}
        assert {k: v for k, v in rows.items() if v} == expected, day
    first = by_day.get_group("2025-06-12").set_index("country")["posts"]
    # the CLI's totals, the "vacant" row included (committees listing no secretariat: 1 and 2)
    assert (first["CN"], first["US"], first["DE"], first["vacant"], first.sum()) == (
        89,
        92,
        130,
        1,
        768,
    )
    last = by_day.get_group("2025-08-20").set_index("country")["posts"]
    assert (last["CN"], last["vacant"], last.sum()) == (90, 2, 771)


def test_itu_posts_have_history_and_the_drill_down_lists_them(demo_store, session):
    p = ShareParams(body="ITU-T", start="2025-06-12", end="2025-08-20", freq="D")
    df = share_frame(session, p)
    at = df[df["date"] == "2025-07-16"].set_index("country")["posts"]
    assert (at["CN"], at["IT"], at["ES"]) == (2, 1, 1)
    before = df[df["date"] == "2025-07-15"].set_index("country")["posts"]
    assert (before["CN"], before["US"]) == (2, 1) and before.get("IT", 0) == 0
    posts = posts_behind(session, p, dt.date(2025, 7, 16), "CN")
    assert sorted(posts["group"]) == ["FG-AI4H", "FG-AN"]
    assert set(posts["retrieved_at"]) == {"2025-07-16 09:15:00"}

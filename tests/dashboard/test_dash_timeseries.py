"""share_over_time: interval arithmetic checked against hand counts and against share()."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from benchmarks.synthetic_store import generate
from db.session import get_engine
from tests.dashboard.builders import StoreBuilder
from tracker.queries.filters import PostFilter
from tracker.queries.share import share
from tracker.queries.timeseries import counts_over_time, share_over_time

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
D = dt.date.fromisoformat
STRATEGIES = ["intervals", "deltas"]


@pytest.fixture
def store(session):
    """Two ITU-T groups and one ISO group; one ITU-T group is suspended from 2021-03-01."""
    b = StoreBuilder(session)
    g1 = b.group("SG1", versions=[("2020-01-01", None, "Active")])
    g2 = b.group(
        "SG2", versions=[("2020-01-01", "2021-03-01", "Active"), ("2021-03-01", None, "Suspended")]
    )
    g3 = b.group("ISO/TC 1", body="ISO")  # no versions: always active
    b.post(g1, "chair", "CN", "2020-01-15", "2021-02-01")
    b.post(g1, "chair", "US", "2021-02-01")
    b.post(g1, "vice_chair", "DE", "2020-01-01", "2020-06-01", others={"hq": "FR"})
    b.post(g1, "vice_chair", None, "2020-03-01")
    b.post(g2, "chair", "CN", "2020-01-01")  # counts until its group is suspended
    b.post(g3, "secretariat", "DE", "2020-02-01", basis="member_body")
    b.post(g1, "staff", "CH", "2020-01-01")  # staff never counts
    b.commit()
    return b


def _counts(df: pd.DataFrame) -> dict:
    return {
        (d.strftime("%Y-%m-%d"), c): int(p)
        for d, c, p in df[["date", "country", "posts"]].itertuples(index=False)
        if p
    }


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_counts_at_month_starts_follow_the_intervals(session, store, strategy):
    df = share_over_time(
        session, D("2020-01-01"), D("2021-04-01"), "MS", top_n=10, strategy=strategy
    )
    got = _counts(df)
    # 2020-01-01: DE vice-chair and SG2's CN chair (the CN chair of SG1 starts on the 15th)
    assert {k: v for k, v in got.items() if k[0] == "2020-01-01"} == {
        ("2020-01-01", "CN"): 1,
        ("2020-01-01", "DE"): 1,
    }
    assert got[("2020-02-01", "CN")] == 2 and got[("2020-02-01", "DE")] == 2  # + secretariat
    assert got[("2020-03-01", "unattributed")] == 1
    assert got[("2020-06-01", "DE")] == 1  # vice-chair left on 2020-06-01 (end is exclusive)
    assert (
        got[("2021-02-01", "US")] == 1 and got[("2021-02-01", "CN")] == 1
    )  # SG1 chair handed over
    assert ("2021-03-01", "CN") not in got  # SG2 suspended: its chair no longer counts
    assert set(df["date"].dt.strftime("%Y-%m-%d")) == {
        f"{y}-{m:02d}-01"
        for y, m in [(2020, i) for i in range(1, 13)] + [(2021, i) for i in range(1, 5)]
    }


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_matches_share_at_every_day(session, store, strategy):
    days = pd.date_range("2019-12-30", "2021-04-03", freq="D")
    counts = counts_over_time(session, days[0].date(), days[-1].date(), "D", strategy=strategy)
    per_day = counts.groupby(["date", "country"])["posts"].sum()
    for day in days[::7]:
        expected = {
            r.country: r.posts
            for r in share(session, day.date(), PostFilter())
            if r.country != "vacant"
        }
        got = per_day[day].to_dict() if day in per_day.index.get_level_values(0) else {}
        assert got == expected, day


def test_inactive_attribution_and_filters(session, store):
    inactive = share_over_time(
        session, D("2021-04-01"), D("2021-04-01"), "D", PostFilter(include_inactive=True)
    )
    assert _counts(inactive)[("2021-04-01", "CN")] == 1
    hq = share_over_time(
        session, D("2020-02-01"), D("2020-02-01"), "D", PostFilter(attribution="hq")
    )
    assert _counts(hq) == {("2020-02-01", "FR"): 1, ("2020-02-01", "unattributed"): 3}
    iso = share_over_time(session, D("2020-02-01"), D("2020-02-01"), "D", PostFilter(body="ISO"))
    assert _counts(iso) == {("2020-02-01", "DE"): 1}
    chairs = share_over_time(
        session, D("2020-02-01"), D("2020-02-01"), "D", PostFilter(roles=("chair",))
    )
    assert _counts(chairs) == {("2020-02-01", "CN"): 2}


def test_top_n_other_unattributed_and_weights(session, store):
    df = share_over_time(
        session,
        D("2020-03-01"),
        D("2020-03-01"),
        "D",
        top_n=1,
        weights={"chair": 3, "secretariat": 0},
    )
    rows = {r.country: r for r in df.itertuples(index=False)}
    assert list(df["country"]) == ["CN", "other", "unattributed"]
    assert (rows["CN"].posts, rows["CN"].weighted) == (2, 6.0)
    assert (rows["other"].posts, rows["other"].weighted) == (
        2,
        1.0,
    )  # DE vice-chair 1 + secretariat 0
    assert rows["unattributed"].weighted == 1.0
    assert rows["CN"].share == pytest.approx(6 / 8, abs=1e-4)
    assert df["share"].sum() == pytest.approx(1.0, abs=1e-3)


def test_unattributed_row_is_always_there(session, store):
    df = share_over_time(session, D("2020-01-01"), D("2020-02-01"), "MS", top_n=8)
    jan = df[df["date"] == pd.Timestamp("2020-01-01")]
    assert jan[jan["country"] == "unattributed"]["posts"].tolist() == [0]
    empty = share_over_time(session, D("2010-01-01"), D("2010-03-01"), "MS")
    assert list(empty["country"]) == ["unattributed"] * 3 and empty["share"].sum() == 0


def test_where_conditions_restrict_groups(session, store):
    from db.models import Group

    df = share_over_time(
        session, D("2020-02-01"), D("2020-02-01"), "D", where=[Group.code == "SG2"]
    )
    assert _counts(df) == {("2020-02-01", "CN"): 1}


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_synthetic_store_agrees_with_share(db_url, session, strategy):
    counts = generate(
        get_engine(db_url), years=3, groups=40, posts_per_group=3, change_rate=0.1, seed=7
    )
    assert counts["posts"] > 120
    days = pd.date_range(counts["first"], counts["last"], freq="MS")
    df = counts_over_time(session, days[0].date(), days[-1].date(), "MS", strategy=strategy)
    per_day = df.groupby(["date", "country"])["posts"].sum()
    for day in days[::5]:
        expected = {
            r.country: r.posts
            for r in share(session, day.date(), PostFilter())
            if r.country != "vacant"
        }
        assert per_day[day].to_dict() == expected, day

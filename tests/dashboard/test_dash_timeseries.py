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


def test_counts_at_month_starts_follow_the_intervals(session, store):
    df = share_over_time(session, D("2020-01-01"), D("2021-04-01"), "MS", top_n=10)
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


def test_matches_share_at_every_day(session, store):
    days = pd.date_range("2019-12-30", "2021-04-03", freq="D")
    counts = counts_over_time(session, days[0].date(), days[-1].date(), "D")
    per_day = counts.groupby(["date", "country"])["posts"].sum()
    for day in days[::7]:
        expected = {r.country: r.posts for r in share(session, day.date(), PostFilter())}
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


def test_synthetic_store_agrees_with_share(db_url, session):
    counts = generate(
        get_engine(db_url), years=3, groups=40, posts_per_group=3, change_rate=0.1, seed=7
    )
    assert counts["posts"] > 120
    days = pd.date_range(counts["first"], counts["last"], freq="MS")
    df = counts_over_time(session, days[0].date(), days[-1].date(), "MS")
    per_day = df.groupby(["date", "country"])["posts"].sum()
    for day in days[::5]:
        expected = {r.country: r.posts for r in share(session, day.date(), PostFilter())}
        assert per_day[day].to_dict() == expected, day


@pytest.fixture
def two_sources(session):
    """ISO committees seen through two sources (ISO Open Data and committee pages): the same
    posts twice, group versions from both scopes, vacancies and a group with no versions."""
    b = StoreBuilder(session)
    both = [("2020-01-01", None, "Active", "open-data"), ("2020-03-01", None, "Active", "page")]
    tc1 = b.group("ISO/TC 1", body="ISO", versions=both)
    tc2 = b.group("ISO/TC 2", body="ISO", versions=[("2020-01-01", None, "Active")])
    tc3 = b.group("ISO/TC 3", body="ISO")  # known only from a post: no versions
    tc4 = b.group(
        "ISO/TC 4",
        body="ISO",
        versions=[("2020-01-01", "2020-06-01", "Active"), ("2020-06-01", None, "Suspended")],
    )
    sec = {"basis": "member_body", "key": "tc1|secretariat|mb:US"}
    b.post(tc1, "secretariat", "US", "2020-01-01", scope="open-data", **sec)
    b.post(tc1, "secretariat", "US", "2020-02-01", scope="page", **sec)
    b.post(tc2, "secretariat", "DE", "2020-01-01", "2020-05-01", basis="member_body")
    b.post(tc3, "secretariat", "FR", "2020-01-01", basis="member_body")
    # one chair, two sources: one without a country until it ends, one with CN from April
    chair = {"key": "tc1|chair|p:zhou", "holder": "Zhou"}
    b.post(tc1, "chair", None, "2020-01-01", "2020-09-01", scope="open-data", **chair)
    b.post(tc1, "chair", "CN", "2020-04-01", scope="page", **chair)
    b.commit()
    return {"tc1": tc1, "tc2": tc2, "tc3": tc3, "tc4": tc4}


def _share_at(session, day: dt.date, flt: PostFilter) -> dict:
    return {r.country: r.posts for r in share(session, day, flt)}


@pytest.mark.parametrize("by_role", [False, True])
def test_two_sources_count_once_and_vacancies_match_share(session, two_sources, by_role):
    """The time series gives share()'s counts at each date, ``vacant`` included, when two
    sources show the same post (and the same group)."""
    secretariats = PostFilter(body="ISO", roles=("secretariat",))
    counts = counts_over_time(
        session, D("2019-12-01"), D("2021-01-01"), "D", secretariats, by_role=by_role
    )
    per_day = counts.groupby(["date", "country"])["posts"].sum()
    days = pd.date_range("2019-12-01", "2021-01-01", freq="9D")
    for day in [*days, pd.Timestamp("2020-02-15"), pd.Timestamp("2020-07-01")]:
        got = per_day[day].to_dict() if day in per_day.index.get_level_values(0) else {}
        assert got == _share_at(session, day.date(), secretariats), day
    # worked out by hand: US once (two sources), FR (a group with no versions) never cancels a
    # vacancy; TC 4 is vacant while active, TC 2 once its secretariat has gone
    assert per_day[pd.Timestamp("2020-02-15")].to_dict() == {"US": 1, "DE": 1, "FR": 1, "vacant": 1}
    assert per_day[pd.Timestamp("2020-07-01")].to_dict() == {"US": 1, "FR": 1, "vacant": 1}
    # share() itself: FR's post in a group without versions does not cancel TC 2's vacancy
    assert _share_at(session, D("2020-07-01"), secretariats) == {"US": 1, "FR": 1, "vacant": 1}
    leaders = counts_over_time(
        session, D("2019-12-01"), D("2021-01-01"), "D", PostFilter(body="ISO")
    )
    per_day = leaders.groupby(["date", "country"])["posts"].sum()
    for day in days:
        got = per_day[day].to_dict() if day in per_day.index.get_level_values(0) else {}
        assert got == _share_at(session, day.date(), PostFilter(body="ISO")), day
    # the chair counts once: unattributed until the source with a country shows it, then CN
    chairs = _counts(
        share_over_time(
            session, D("2020-03-01"), D("2020-10-01"), "MS", PostFilter(roles=("chair",))
        )
    )
    assert chairs == {
        ("2020-03-01", "unattributed"): 1,
        **{(f"2020-{m:02d}-01", "CN"): 1 for m in range(4, 11)},
    }


def test_share_export_and_share_agree(cli, session, two_sources, tmp_path):
    """``export shares`` gives share's rows, vacant included, at each month."""
    import csv

    out = tmp_path / "shares.csv"
    cli(
        "export",
        "shares",
        "--body",
        "ISO",
        "--role",
        "secretariat",
        "--since",
        "2020-01-01",
        "--until",
        "2020-12-01",
        "--out",
        out,
    )
    rows = list(csv.DictReader(out.open()))
    for month in range(1, 13):
        day = D(f"2020-{month:02d}-01")
        got = {r["country"]: int(r["posts"]) for r in rows if r["date"] == day.isoformat()}
        expected = _share_at(session, day, PostFilter(body="ISO", roles=("secretariat",)))
        assert {k: v for k, v in got.items() if v} == expected, day


@pytest.fixture
def disagreeing_sources(session):
    """Six ISO committees whose posts three sources show with different countries and spans:
    ``c`` (stored first) gives none, ``a`` and then ``b`` a country; boundaries shifted per
    group so that the keys cut each other's time differently."""
    b = StoreBuilder(session)
    groups = []
    for i in range(6):
        versions = [("2019-06-01", None, "Active", "a")]
        if i % 2:  # a second, overlapping version from another scope: intervals clipped twice
            versions.append((f"2019-{7 + i:02d}-01", "2021-01-01", "Active", "b"))
        groups.append(b.group(f"ISO/TC {10 + i}", body="ISO", versions=versions))
    for i, g in enumerate(groups):
        shift = f"{i + 1:02d}"
        for role, first, second in [("chair", "US", "GB"), ("secretariat", "DE", "FR")]:
            key = {"key": f"tc{i}|{role}", "basis": "member_body"}
            b.post(g, role, None, "2019-11-01", f"2020-0{2 + i % 3}-{shift}", scope="c", **key)
            b.post(g, role, first, "2020-01-01", f"2020-07-{shift}", scope="a", **key)
            b.post(g, role, second, f"2020-03-{shift}", None, scope="b", **key)
        # same country in two sources, with a gap in one: counted as the union, once
        key = {"key": f"tc{i}|vice_chair", "holder": "Vice"}
        b.post(g, "vice_chair", "JP", "2020-02-01", "2020-04-01", scope="a", **key)
        b.post(g, "vice_chair", "JP", "2020-05-01", "2020-06-01", scope="a", **key)
        b.post(g, "vice_chair", "JP", "2020-03-15", "2020-05-15", scope="b", **key)
    b.commit()
    return groups


@pytest.mark.parametrize("by_role", [False, True])
def test_disagreeing_sources_resolved_per_day_as_share(session, disagreeing_sources, by_role):
    """Sources that disagree on a post's country, for many keys at once: at every day the
    series gives share()'s count (a country beats none, then the earliest stored row)."""
    days = pd.date_range("2019-10-25", "2021-02-05", freq="D")
    for flt in [PostFilter(body="ISO"), PostFilter(roles=("secretariat",))]:
        counts = counts_over_time(
            session, days[0].date(), days[-1].date(), "D", flt, by_role=by_role
        )
        per_day = counts.groupby(["date", "country"])["posts"].sum()
        for day in days[::4]:
            got = per_day[day].to_dict() if day in per_day.index.get_level_values(0) else {}
            assert got == _share_at(session, day.date(), flt), (flt, day)
    chairs = _counts(
        share_over_time(
            session, D("2019-11-01"), D("2020-08-01"), "MS", PostFilter(roles=("chair",))
        )
    )
    # worked out by hand: c alone (no country) before 2020, then a's US (a country beats none,
    # though c is stored first) until its end in July (b's GB is stored later), then GB
    assert chairs[("2019-12-01", "unattributed")] == 6 and ("2019-12-01", "US") not in chairs
    assert chairs[("2020-06-01", "US")] == 6 and ("2020-06-01", "GB") not in chairs
    assert chairs[("2020-08-01", "GB")] == 6 and ("2020-08-01", "US") not in chairs
    vice = _counts(
        share_over_time(
            session, D("2020-01-01"), D("2020-07-01"), "MS", PostFilter(roles=("vice_chair",))
        )
    )
    assert vice == {(f"2020-0{m}-01", "JP"): 6 for m in (2, 3, 4, 5)}

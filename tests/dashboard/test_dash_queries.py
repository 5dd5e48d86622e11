"""The dashboard's queries on a hand-made store (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dashboard.params import EventParams, ProposalParams, ShareParams
from dashboard.queries.events import events_frame
from dashboard.queries.groups import (
    group_events,
    group_info,
    officers,
    post_history,
    search_groups,
    versions,
)
from dashboard.queries.people import person_info, person_posts, search_people
from dashboard.queries.proposals import contributions, fold_top
from dashboard.queries.quality import (
    bad_snapshots,
    coverage,
    source_health,
    unresolved_organizations,
)
from dashboard.queries.share import posts_behind, share_frame
from dashboard.queries.snapshots import snapshot_info
from dashboard.queries.study import ai_groups_now, name_key, study_comparison
from dashboard.topics import lens_condition
from db.models import Group
from tests.dashboard.builders import StoreBuilder
from tracker.queries.share import share

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
JUNE = dt.date(2025, 6, 15)
D = dt.date.fromisoformat


def test_posts_behind_a_number_match_the_share_and_carry_their_source(session, world):
    p = ShareParams(body="ITU-T", start="2025-06-15", end="2025-06-15", freq="D")
    share = share_frame(session, p).set_index("country")["posts"].to_dict()
    assert share == {"CN": 2, "US": 1, "unattributed": 1}
    cn = posts_behind(session, p, JUNE, "CN")
    assert sorted(cn["group"]) == ["FG-AI4H", "FG-AN/WG1"] and len(cn) == share["CN"]
    row = cn[cn["group"] == "FG-AI4H"].iloc[0]
    assert (row["holder"], row["role"], row["organization"]) == ("SHAN Xu", "co_chair", "CAICT")
    assert (
        row["source_url"].startswith("https://www.itu.int/")
        and row["retrieved_at"] == "2025-06-01 08:30:00"
    )
    assert row["source_snapshot_id"] == world["s1"].id
    assert posts_behind(session, p, JUNE, "unattributed")["holder"].tolist() == ["Unknown Person"]
    one = ShareParams(
        start="2025-06-15", end="2025-06-15", freq="D", top=1
    )  # CN and US tie: CN first
    assert share_frame(session, one)["country"].tolist() == ["CN", "other", "unattributed"]
    assert set(posts_behind(session, one, JUNE, "other")["country"]) == {"ES", "KR", "US"}


@pytest.fixture
def two_sources(session):
    """ISO committees seen through two sources (ISO Open Data and committee pages): posts
    shown twice, sources that disagree on a country, and committees without a secretariat."""
    b = StoreBuilder(session)
    both = [("2020-01-01", None, "Active", "open-data"), ("2020-03-01", None, "Active", "page")]
    tc1 = b.group("ISO/TC 1", body="ISO", versions=both)
    tc2 = b.group("ISO/TC 2", body="ISO", versions=[("2020-01-01", None, "Active")])
    b.group("ISO/TC 3", body="ISO", versions=[("2020-01-01", None, "Active")])  # never held
    sec = {"basis": "member_body", "key": "tc1|secretariat|mb:US"}
    b.post(tc1, "secretariat", "US", "2020-01-01", scope="open-data", **sec)
    b.post(tc1, "secretariat", "US", "2020-02-01", scope="page", **sec)
    b.post(tc2, "secretariat", "DE", "2020-01-01", "2020-05-01", basis="member_body")
    # a chair without a country in one source until April, then CN in the other
    chair = {"key": "tc1|chair|p:zhou", "holder": "Zhou"}
    b.post(tc1, "chair", None, "2020-01-01", "2020-09-01", scope="open-data", **chair)
    b.post(tc1, "chair", "CN", "2020-04-01", scope="page", **chair)
    # two sources with a country each: the earliest stored (FR) counts
    vice = {"key": "tc2|vice_chair|p:roux", "holder": "Roux"}
    b.post(tc2, "vice_chair", "FR", "2020-01-01", scope="open-data", **vice)
    b.post(tc2, "vice_chair", "BE", "2020-01-01", scope="page", **vice)
    b.post(tc2, "chair", "JP", "2020-01-01", holder="Sato")
    b.commit()


@pytest.mark.parametrize("roles", [(), ("secretariat",)])
def test_posts_behind_every_number_are_the_posts_share_counts(session, two_sources, roles):
    """Each (date, row) of the chart lists as many posts as share() counts there, each post
    key once, with the country share gives it; ``vacant`` lists the groups without one."""
    for day in ("2020-01-15", "2020-03-15", "2020-06-15"):
        when = D(day)
        p = ShareParams(body="ISO", roles=roles, start=day, end=day, freq="D", top=10)
        counted = {r.country: r.posts for r in share(session, when, p.post_filter())}
        assert (
            counted
            == share_frame(session, p).set_index("country")["posts"][lambda s: s > 0].to_dict()
        )
        for key, n in counted.items():
            listed = posts_behind(session, p, when, key)
            assert len(listed) == n, (day, key)
            if key != "vacant":
                assert set(listed["country"].fillna("unattributed")) == {key}
        assert sum(counted.values()) == sum(len(posts_behind(session, p, when, k)) for k in counted)
        one = p.replace(top=1)
        shown = share_frame(session, one).set_index("country")["posts"]
        assert len(posts_behind(session, one, when, "other")) == shown.get("other", 0)
    june = ShareParams(body="ISO", roles=roles, start="2020-06-15", end="2020-06-15", freq="D")
    if roles:
        # TC 2's secretariat ended in May, TC 3 never had one; the US one counts once
        assert counted == {"US": 1, "vacant": 2}
        vacant = posts_behind(session, june, D("2020-06-15"), "vacant")
        assert list(vacant["group"]) == ["ISO/TC 2", "ISO/TC 3"]
        assert vacant["holder"].isna().all() and set(vacant["role"]) == {"secretariat"}
    else:
        assert counted == {"US": 1, "CN": 1, "FR": 1, "JP": 1}
        assert posts_behind(session, june, D("2020-06-15"), "BE").empty
        early = ShareParams(body="ISO", start="2020-03-15", end="2020-03-15", freq="D")
        assert posts_behind(session, early, D("2020-03-15"), "unattributed")["holder"].tolist() == [
            "Zhou"
        ]


def test_topic_lens_spans_bodies(session, world):
    codes = set(session.scalars(select(Group.code).where(lens_condition("AI"))))
    assert {"FG-AI4H", "FG-AI4H/WG1", "FG-AN", "FG-AINN", "ISO/IEC JTC 1/SC 42", "RAN1"} <= codes
    assert "SG13" not in codes and "ISO/IEC JTC 1" not in codes
    assert lens_condition("no such lens") is None
    df = share_frame(
        session, ShareParams(topic="AI", start="2025-07-02", end="2025-07-02", freq="D", top=10)
    )
    assert df.set_index("country")["posts"].to_dict() == {
        "ES": 2,
        "US": 2,
        "CN": 1,
        "KR": 1,
        "unattributed": 0,
    }


def test_group_page_data(session, world):
    info = group_info(session, world["sc42"].id)
    assert info["ancestors"] == [{"id": world["jtc1"].id, "code": "ISO/IEC JTC 1"}]
    tree = group_info(session, world["jtc1"].id)["tree"]
    assert [(n["code"], n["depth"]) for n in tree] == [("ISO/IEC JTC 1/SC 42", 1)]
    assert group_info(session, 999999) is None
    assert officers(session, world["an"].id).empty
    assert post_history(session, world["sc42"].id)["role"].tolist() == ["convenor", "secretariat"]
    assert officers(session, world["fg"].id)["holder"].tolist() == ["SHAN Xu"]
    assert versions(session, world["fg"].id).empty
    assert group_events(session, world["ainn"].id)["kind"].tolist() == ["appointment"]
    assert search_groups(session, "sc 42")["code"].tolist() == ["ISO/IEC JTC 1/SC 42"]
    assert search_groups(session, "", body="3GPP")["code"].tolist() == ["RAN1"]


def test_person_page_data(session, world):
    info = person_info(session, world["ana"].id)
    assert info["bodies"] == ["ISO", "ITU-T"]
    posts = person_posts(session, world["ana"].id)
    assert list(zip(posts["body"], posts["group"], posts["role"], strict=True)) == [
        ("ISO", "ISO/IEC JTC 1/SC 42", "convenor"),
        ("ITU-T", "FG-AINN", "chair"),
    ]
    assert search_people(session, "xu shan")["name"].tolist() == ["SHAN Xu"]  # by printed alias
    assert person_info(session, 424242) is None


def test_events_feed_filters(session, world):
    all_events = events_frame(session, EventParams())
    assert (
        all_events["kind"].tolist()[0] in {"appointment", "departure", "group_renamed"}
        and len(all_events) == 3
    )
    ai = events_frame(session, EventParams(topic="AI", kinds=("appointment", "departure")))
    assert sorted(ai["group"]) == ["FG-AINN", "FG-AN/WG1"]
    assert set(ai["after_snapshot_id"]) == {world["s2"].id}
    assert events_frame(session, EventParams(since="2025-07-02")).empty


def test_study_compares_the_2021_table_with_the_store(session, world):
    assert name_key("SHAN Xu") == name_key("Xu Shan") == name_key("Shan, XU")
    table = study_comparison(session).set_index(["group", "person"])
    assert table.loc[("FG-AI4H", "Xu Shan"), "store_status"] == "held now"
    assert table.loc[("FG-AI4H", "Xu Shan"), "store_role"] == "co_chair"
    assert table.loc[("FG-AN", "Liu Yongsheng"), "store_status"] == "held earlier"
    assert table.loc[("FG-AN", "Liu Yongsheng"), "store_to"] == "2025-07-01"
    assert table.loc[("FG-AN", "Cao Xi"), "store_status"] == "not in store"
    assert table.loc[("FG-QIT4N", "Zhang Qiang"), "store_status"] == "group not in store"
    groups = ai_groups_now(session).set_index("group")
    assert (
        bool(groups.loc["FG-AINN", "in_2021_study"]) is False
        and groups.loc["FG-AINN", "posts_now"] == 1
    )
    assert groups.loc["FG-AI4H", "cn_posts_2021"] == 1
    assert (groups.loc["FG-AI4H", "posts_now"], groups.loc["FG-AI4H", "cn_posts_now"]) == (2, 1)
    assert groups.loc["FG-AN", "cn_posts_2021"] == 5 and groups.loc["FG-AN", "posts_now"] == 0


def test_proposals_by_country_and_organisation(session, world):
    full = contributions(session, ProposalParams(), "country").set_index("key")
    assert (
        full.loc["CN", "count"] == 1 and full.loc["FR", "count"] == 1
    )  # withdrawn C-0003 left out
    frac = contributions(session, ProposalParams(method="fractional"), "country").set_index("key")
    assert frac.loc["CN", "count"] == 1.0 and frac.loc["FR", "count"] == 1.0
    orgs = contributions(session, ProposalParams(method="fractional"), "organization").set_index(
        "key"
    )
    assert orgs["count"].to_dict() == {"China Mobile": 0.5, "Orange": 1.0, "ZTE": 0.5}
    assert (
        orgs.loc["Orange", "date"] == "2025-07-01"
        and orgs.loc["Orange", "meeting"] == "T25-SG13-250701"
    )
    folded = fold_top(
        contributions(session, ProposalParams(method="fractional"), "organization"), 1
    )
    assert folded[["key", "count"]].values.tolist() == [["Orange", 1.0], ["other", 1.0]]
    assert contributions(session, ProposalParams(body="ISO"), "country").empty


def test_quality_tables(session, world):
    health = source_health(session).set_index("source")
    assert health.loc["itu-fg", "last_status"] == "failed" and health.loc["itu-fg", "failed"] == 1
    assert health.loc["itu-fg", "applied"] == 2
    bad = bad_snapshots(session)
    assert bad["reason"].tolist() == ["ErrorPage: 503 Service Unavailable"]
    unresolved = unresolved_organizations(session)
    assert set(unresolved["organization"]) == {"CAICT", "Acme Labs"}
    cov = coverage(session).set_index("body")
    assert cov.loc["ITU-T", "open_posts"] == 4 and cov.loc["ITU-T", "attributed"] == 3
    assert cov.loc["ISO", "groups"] == 2


def test_quality_counts_superseded_snapshots(session, world):
    world["s1"].status = "superseded"  # a later fetch of its date stands for it
    session.flush()
    health = source_health(session).set_index("source")
    assert (health.loc["itu-fg", "superseded"], health.loc["itu-fg", "applied"]) == (1, 1)
    assert health.loc["itu-fg", "snapshots"] == 3


def test_snapshot_info_gives_provenance_and_text(session, world):
    info = snapshot_info(session, world["s1"].id)
    assert (
        info["url"].startswith("https://www.itu.int/")
        and info["fetched_at"] == "2025-06-01 08:30:00"
    )
    assert info["preview"] == "<p>Co-chair: Mr <b>SHAN Xu</b>, CAICT</p>"
    assert snapshot_info(session, 10**6) is None

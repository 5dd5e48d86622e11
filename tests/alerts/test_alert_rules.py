"""Matching events against rules: kinds, countries under an attribution mode, roles, bodies,
groups, surges; deliveries recorded once per (subscriber, channel, fact).  And the events
listing (``list_events``), which lists a change several sources show once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models.alerts import AlertDelivery
from tests.alerts.servers import (
    BEFORE,
    CARTER,
    CN_CHAIR,
    LI,
    OTHERS,
    WANG,
    ingest,
    person,
    write_alerts,
)
from tracker.alerts.config import load_alert_config, parse_alert_config
from tracker.alerts.rules import match_and_store
from tracker.normalise import member_bodies

D1, D2, D3 = dt.date(2025, 3, 1), dt.date(2025, 4, 1), dt.date(2025, 5, 1)


def config(tmp_path, name="c", **kw):
    return load_alert_config(write_alerts(tmp_path / name, **kw))


def deliveries(session, channel="feed"):
    session.expire_all()
    return session.scalars(
        select(AlertDelivery).where(AlertDelivery.channel == channel).order_by(AlertDelivery.id)
    ).all()


def test_disabled_channels_get_no_rows_and_rematching_adds_nothing(
    db_url, session, tmp_path, monkeypatch
):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)
    ingest(BEFORE, D1)
    ingest(CN_CHAIR, D2)
    cfg = config(tmp_path)
    assert match_and_store(cfg) == 1  # only the Atom feed: e-mail and webhook have no env
    assert match_and_store(cfg) == 0
    (row,) = deliveries(session)
    assert (row.subscriber, row.event_kind, row.status, row.event_date) == (
        "watch",
        "appointment",
        "pending",
        D2,
    )
    assert row.payload["person"] == "Li Ming" and row.payload["previous_holder"] is None


def test_history_rebuild_recreates_events_but_not_alerts(db_url, session, tmp_path):
    ingest(BEFORE, D1)
    ingest(CN_CHAIR, D2)
    cfg = config(tmp_path)
    assert match_and_store(cfg) == 1
    before = deliveries(session)[0].event_key
    # a backfill older than the newest snapshot rebuilds the scope: events get new ids
    assert ingest(BEFORE, dt.date(2025, 3, 15)).status == "applied"
    assert match_and_store(cfg) == 0
    assert [r.event_key for r in deliveries(session)] == [before]


def test_attribution_mode_decides_the_country(db_url, session, tmp_path):
    listed_cn = dict(
        person("chair", "Chair", "Zhou Example", "Example Org", "CN"),
        body="ISO",
        group="ISO/TC 9999",
        group_name="Example committee (fictitious)",
        member_body="ANSI",
    )
    ingest(
        [dict(listed_cn, person="Someone Else", country="DE", member_body="DIN")], D1, scope="iso-x"
    )
    ingest([listed_cn], D2, scope="iso-x")
    extra_us = '\n[[rules]]\nname = "us-by-member-body"\ncountries = ["US"]\nattribution = "member_body"\nchannels = ["feed"]\n'
    extra_cn = '\n[[rules]]\nname = "cn-by-member-body"\ncountries = ["CN"]\nattribution = "member_body"\nchannels = ["feed"]\n'
    extra_hq = '\n[[rules]]\nname = "cn-by-hq"\ncountries = ["CN"]\nattribution = "hq"\nchannels = ["feed"]\n'
    cfg = config(tmp_path, extra=extra_us + extra_cn + extra_hq)
    match_and_store(cfg)
    rows = {r.subscriber: r.payload for r in deliveries(session)}
    assert set(rows) == {"watch", "us-by-member-body"}
    assert (rows["watch"]["country"], rows["watch"]["basis"]) == ("CN", "listed")
    assert (rows["us-by-member-body"]["country"], rows["us-by-member-body"]["basis"]) == (
        "US",
        "member_body",
    )


def test_role_change_chair_elect_and_filters(db_url, session, tmp_path):
    zhao = person("chair_elect", "Chairman-elect", "Zhao Lei", "Example University", "CN")
    ingest(BEFORE, D1)
    ingest(
        [dict(WANG, role="chair", role_raw="Chairman"), CARTER, zhao, *OTHERS], D2
    )  # Becker leaves
    cfg = config(
        tmp_path,
        events=("appointment", "departure", "chair_elect"),
        extra='\n[[rules]]\nname = "iso-only"\nbodies = ["ISO"]\nchannels = ["feed"]\n'
        '\n[[rules]]\nname = "fg-family"\ngroups = ["FG"]\nchannels = ["feed"]\n'
        '\n[[rules]]\nname = "fg-ex"\ngroups = ["FG-EX"]\nevents = ["chair_elect"]\nchannels = ["feed"]\n',
    )
    match_and_store(cfg)
    got = sorted(
        (r.subscriber, r.event_kind, r.payload["holder"], r.payload["role"])
        for r in deliveries(session)
    )
    assert got == [
        ("fg-ex", "chair_elect", "Zhao Lei", "chair_elect"),
        ("watch", "appointment", "Wang Fang", "chair"),  # vice-chair -> chair is an appointment ...
        ("watch", "chair_elect", "Zhao Lei", "chair_elect"),
        ("watch", "departure", "Wang Fang", "vice_chair"),  # ... and a departure from vice-chair
    ]  # Becker (DE) is not watched; no ISO events; "FG" is not a prefix of FG-EX's code path


def test_secretariat_transfer_matches_either_side(db_url, session, tmp_path):
    def sec(mb):
        return {
            "kind": "post",
            "body": "ISO",
            "group": "ISO/TC 9998",
            "role": "secretariat",
            "role_raw": "Secretariat",
            "member_body": mb,
        }

    ingest([sec("SAC")], D1, scope="iso-y")
    ingest([sec("DIN")], D2, scope="iso-y")
    extra = (
        '\n[[rules]]\nname = "de-only"\ncountries = ["DE"]\nchannels = ["feed"]\n'
        '\n[[rules]]\nname = "fr-only"\ncountries = ["FR"]\nchannels = ["feed"]\n'
    )
    match_and_store(config(tmp_path, extra=extra))
    rows = {r.subscriber: r.payload for r in deliveries(session)}
    assert set(rows) == {"watch", "de-only"}  # CN lost it (watch: CN/US), DE gained it
    p = rows["watch"]
    assert (p["kind"], p["holder"], p["country"], p["previous_holder"], p["previous_country"]) == (
        "secretariat_transfer",
        "DIN",
        "DE",
        "SAC",
        "CN",
    )
    assert p["organization"] == member_bodies.lookup("ISO", "DIN").name


def test_contribution_surge(db_url, session, tmp_path):
    def meeting(n, china, us):
        docs = [
            {
                "kind": "contribution",
                "body": "ITU-T",
                "group": "FG-EX",
                "meeting": f"M{n}",
                "document": f"C-{n}{i:03d}",
                "sources": [src],
            }
            for i, src in enumerate(["China"] * china + ["United States"] * us)
        ]
        return ingest(docs, dt.date(2025, n, 1), scope=f"contribs-M{n}")

    for n, china in ((1, 2), (2, 2), (3, 2), (10, 9)):
        assert meeting(n, china, 3).status == "applied"
    cfg = config(tmp_path, events=("contribution_surge",))
    match_and_store(cfg)
    (row,) = deliveries(session)
    p = row.payload
    assert (p["country"], p["meeting"], p["count"], p["previous_mean"], p["previous_meetings"]) == (
        "CN",
        "M10",
        9.0,
        2.0,
        ["M1", "M2", "M3"],
    )
    assert row.event_key.startswith("contribution_surge|ITU-T|") and row.event_key.endswith(
        "|M10|CN"
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"rules": [{"name": "x", "events": ["promotion"]}]}, "unknown events"),
        ({"rules": [{"name": "x", "channels": ["pager"]}]}, "unknown channels"),
        ({"rules": [{"name": "x", "attribution": "passport"}]}, "unknown attribution"),
        ({"channels": {"x": {"type": "sms"}}}, "type must be"),
        ({"channels": {"x": {"type": "webhook", "format": "xml"}}}, "format must be"),
        ({"rules": [{"name": "x", "digest": "weekly"}]}, "digest must be"),
    ],
)
def test_config_errors_are_reported(bad, message):
    with pytest.raises(ValueError, match=message):
        parse_alert_config(bad)


def test_rule_defaults():
    cfg = parse_alert_config({"channels": {"f": {"type": "atom"}}, "rules": [{"name": "r"}]})
    rule = cfg.rules[0]
    assert rule.countries == ("CN", "US")
    assert rule.roles == ("chair", "co_chair", "vice_chair", "secretariat")
    assert rule.events == ("appointment", "secretariat_transfer", "chair_elect")
    assert rule.channels == ("f",) and rule.attribution is None and rule.digest is False


def _quiet_channels(monkeypatch):
    """Only the Atom feed is usable: one delivery row per alert."""
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("SSO_WEBHOOK_URL", raising=False)


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_same_appointment_through_two_sources_alerts_once(db_url, session, tmp_path, monkeypatch):
    from tracker.queries.events import list_events

    _quiet_channels(monkeypatch)
    cfg = config(tmp_path)
    for scope in ("source-a", "source-b"):
        ingest(BEFORE, D1, scope=scope, url=f"https://example.org/{scope}.jsonl")
    ingest(CN_CHAIR, D2, scope="source-a", url="https://example.org/source-a.jsonl")
    assert match_and_store(cfg) == 1
    # the second source shows the same appointment a week later: the same fact, no new alert
    later = D2 + dt.timedelta(days=7)
    ingest(CN_CHAIR, later, scope="source-b", url="https://example.org/source-b.jsonl")
    assert match_and_store(cfg) == 0
    (row,) = deliveries(session)
    assert (row.payload["person"], row.payload["first_seen"]) == ("Li Ming", D2.isoformat())
    # the change is stored once per source, and listed once with both sources
    (listed,) = list_events(session, kinds=("appointment",))
    assert (listed["holder"], listed["after_date"]) == ("Li Ming", D2.isoformat())
    assert listed["sources"] == f"source-a {D2.isoformat()}; source-b {later.isoformat()}"


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_backfill_that_re_dates_an_appointment_does_not_alert_again(
    db_url, session, tmp_path, monkeypatch
):
    _quiet_channels(monkeypatch)
    cfg = config(tmp_path)
    ingest(BEFORE, D1)
    ingest(CN_CHAIR, D3)
    assert match_and_store(cfg) == 1
    # an archived capture from between shows Li Ming already: the scope is rebuilt and the
    # appointment is now dated D2 (a new change event, a new event key), but it is one fact
    assert ingest(CN_CHAIR, D2).status == "applied"
    assert match_and_store(cfg) == 0
    assert [r.payload["first_seen"] for r in deliveries(session)] == [D3.isoformat()]


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_new_appointment_after_a_departure_alerts_again(db_url, session, tmp_path, monkeypatch):
    _quiet_channels(monkeypatch)
    cfg = config(tmp_path)
    ingest(BEFORE, D1)
    ingest(CN_CHAIR, D2)
    assert match_and_store(cfg) == 1
    ingest(BEFORE, D3)  # Li Ming leaves ...
    ingest(CN_CHAIR, dt.date(2025, 6, 1))  # ... and is appointed again: a new tenure
    assert match_and_store(cfg) == 1
    assert [r.payload["first_seen"] for r in deliveries(session)] == ["2025-04-01", "2025-06-01"]


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_alerts_recorded_under_change_event_keys_are_not_repeated(
    db_url, session, tmp_path, monkeypatch
):
    """Deliveries made before alerts were keyed by fact carry the change event's key."""
    from db.models import ChangeEvent
    from tracker.alerts.rules import delivery_rows

    _quiet_channels(monkeypatch)
    ingest(BEFORE, D1)
    ingest(CN_CHAIR, D2)
    ev = session.scalar(select(ChangeEvent).where(ChangeEvent.kind == "appointment"))
    old = {"key": ev.key, "kind": "appointment", "first_seen": D2.isoformat()}
    session.execute(
        AlertDelivery.__table__.insert(),
        delivery_rows("watch", ["feed"], old, dt.datetime(2025, 4, 2)),
    )
    session.commit()
    assert match_and_store(config(tmp_path)) == 0


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("stale", [False, True], ids=["recent", "beyond-lookback"])
def test_legacy_alert_stops_a_second_source_showing_the_same_appointment(
    db_url, session, tmp_path, monkeypatch, stale
):
    """Source A's appointment was alerted under its change event's key (before alerts were
    keyed by fact); source B shows the same appointment a week later: no new alert, also
    when A's snapshot is older than the lookback and its event is no longer matched."""
    from db.models import ChangeEvent, Snapshot
    from tracker.alerts.rules import delivery_rows

    _quiet_channels(monkeypatch)
    cfg = config(tmp_path)
    a = {"scope": "source-a", "url": "https://example.org/source-a.jsonl"}
    b = {"scope": "source-b", "url": "https://example.org/source-b.jsonl"}
    ingest(BEFORE, D1, **a)
    ingest(BEFORE, D1 + dt.timedelta(days=2), **b)
    ingest(CN_CHAIR, D2, **a)
    ev = session.scalar(select(ChangeEvent).where(ChangeEvent.kind == "appointment"))
    old = {"key": ev.key, "kind": "appointment", "first_seen": D2.isoformat()}
    session.execute(
        AlertDelivery.__table__.insert(),
        delivery_rows("watch", ["feed"], old, dt.datetime(2025, 4, 2)),
    )
    if stale:
        month_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=30)
        session.execute(
            Snapshot.__table__.update()
            .where(Snapshot.scope == "source-a")
            .values(created_at=month_ago)
        )
    session.commit()
    assert match_and_store(cfg) == 0
    ingest(CN_CHAIR, D2 + dt.timedelta(days=7), **b)
    assert match_and_store(cfg) == 0
    assert [r.event_key for r in deliveries(session)] == [ev.key]
    # a new tenure is still a new fact
    ingest(BEFORE, D3, **a)
    ingest(BEFORE, D3, **b)
    ingest(CN_CHAIR, dt.date(2025, 6, 1), **a)
    assert match_and_store(cfg) == 1


def _committees(*codes: str) -> list[dict]:
    """A committee list (group records, as the ISO feeds give them)."""
    return [
        {"kind": "group", "body": "ISO", "group": c, "group_name": c, "status": "Active"}
        for c in codes
    ]


def _listed(session, **kw) -> list[tuple]:
    from tracker.queries.events import list_events

    return [(e["kind"], e["after_date"], e["sources"]) for e in list_events(session, **kw)]


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_a_group_removed_and_restored_twice_is_listed_every_time(db_url, session):
    """One source removes and restores a group twice (ISO/TC 98/SC 1 in four ISO Open Data
    files): each change is listed; a second source, a day behind, only adds its dates."""
    kept = [f"ISO/TC {n}" for n in range(1, 11)]
    for i, with_sc in enumerate((False, True, False, True)):  # weekly, s2 a day behind
        for scope, lag in (("s1", 0), ("s2", 1)):
            day = dt.date(2025, 9, 1 + 7 * i + lag)
            codes = [*kept, "ISO/TC 98/SC 1"] if with_sc else kept
            result = ingest(_committees(*codes), day, scope=scope, url=f"https://e.org/{scope}")
            assert result.status == "applied"
    kinds = ("group_created", "group_closed")
    assert _listed(session, since=dt.date(2025, 8, 25), kinds=kinds) == [
        ("group_created", "2025-09-08", "s1 2025-09-08; s2 2025-09-09"),
        ("group_closed", "2025-09-16", "s2 2025-09-16"),  # closed when the last source drops it
        ("group_created", "2025-09-22", "s1 2025-09-22; s2 2025-09-23"),
    ]


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_an_organisation_flipping_back_and_forth_is_listed_every_time(db_url, session):
    def roster(org):
        return [dict(LI, organization=org), CARTER, WANG, *OTHERS]

    url = "https://example.org/s1.jsonl"
    ingest(roster("Org A"), dt.date(2025, 1, 2), scope="s2", url="https://example.org/s2.jsonl")
    for day, org in ((1, "Org A"), (2, "Org B"), (3, "Org A"), (4, "Org B")):
        ingest(roster(org), dt.date(2025, day, 1), scope="s1", url=url)
    # a second source shows the first change (A -> B) a few days later: the same change
    ingest(roster("Org B"), dt.date(2025, 2, 5), scope="s2", url="https://example.org/s2.jsonl")
    assert _listed(session, kinds=("post_updated",)) == [
        ("post_updated", "2025-02-01", "s1 2025-02-01; s2 2025-02-05"),
        ("post_updated", "2025-03-01", "s1 2025-03-01"),
        ("post_updated", "2025-04-01", "s1 2025-04-01"),
    ]


@pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)
def test_events_since_does_not_list_again_a_change_a_later_source_shows(db_url, session):
    for scope in ("source-a", "source-b"):
        ingest(BEFORE, D1, scope=scope, url=f"https://example.org/{scope}.jsonl")
    ingest(CN_CHAIR, D2, scope="source-a", url="https://example.org/source-a.jsonl")
    later = D2 + dt.timedelta(days=7)
    ingest(CN_CHAIR, later, scope="source-b", url="https://example.org/source-b.jsonl")
    both = f"source-a {D2.isoformat()}; source-b {later.isoformat()}"
    # last week's report listed the appointment; this week's (source B's date) does not
    assert _listed(session, since=D2 - dt.timedelta(days=3), until=D2 + dt.timedelta(days=3)) == [
        ("appointment", D2.isoformat(), f"source-a {D2.isoformat()}"),
        ("departure", D2.isoformat(), f"source-a {D2.isoformat()}"),
    ]
    assert _listed(session, since=later - dt.timedelta(days=3), until=later) == []
    assert _listed(session, since=D2, kinds=("appointment",)) == [
        ("appointment", D2.isoformat(), both)
    ]

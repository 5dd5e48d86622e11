"""Filters <-> query strings, and the small parsers behind them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

from dashboard.params import EventParams, IdParams, ShareParams, auto_freq, parse_weights


def test_share_params_round_trip_through_the_query_string():
    p = ShareParams(
        body="ITU-T",
        topic="AI",
        roles=("chair", "vice_chair"),
        weights="chair=3",
        attribution="listed",
        start="2021-01-01",
        freq="MS",
        top=5,
        chart="lines",
        inactive=True,
    )
    query = p.to_query()
    assert parse_qs(query)["roles"] == ["chair,vice_chair"]
    assert ShareParams.from_query(parse_qs(query)) == p
    # Dash pages pass single values as strings, repeated ones as lists
    assert ShareParams.from_query({"roles": ["chair", "secretariat"]}).roles == (
        "chair",
        "secretariat",
    )
    assert ShareParams().to_query() == ""


def test_invalid_values_fall_back_to_defaults():
    p = ShareParams.from_query(
        {
            "body": "<script>",
            "roles": "chair,king",
            "attribution": "astrology",
            "start": "2021-13-40",
            "freq": "hourly",
            "top": "many",
            "chart": "pie",
        }
    )
    assert (p.body, p.roles, p.attribution, p.start, p.freq, p.top, p.chart) == (
        "",
        ("chair",),
        "",
        "",
        "auto",
        8,
        "area",
    )
    assert ShareParams.from_query({"top": "500"}).top == 50
    # staff never counts in a share: a URL cannot make the chart count them
    assert ShareParams.from_query({"roles": "chair,staff"}).roles == ("chair",)
    assert parse_weights("staff=5,chair=2") == {"chair": 2.0}
    assert EventParams.from_query(
        {"kinds": "appointment,nonsense", "since": "2025-07-01"}
    ).kinds == ("appointment",)
    assert IdParams.from_query({"id": "-4"}).id == 0 and IdParams.from_query({"id": "x"}).id == 0


def test_weights_and_resolution():
    assert parse_weights("chair=3, vice_chair = 1.5; emperor=9, secretariat=x, editor=-1") == {
        "chair": 3.0,
        "vice_chair": 1.5,
    }
    assert parse_weights("") == {}
    d = dt.date(2025, 6, 12)
    assert auto_freq(d, dt.date(2025, 8, 20)) == "D"
    assert auto_freq(d, dt.date(2026, 8, 20)) == "W-MON"
    assert auto_freq(dt.date(2015, 1, 1), dt.date(2025, 1, 1)) == "MS"

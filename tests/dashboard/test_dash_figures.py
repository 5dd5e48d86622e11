"""Figures from plain DataFrames: no Dash, no database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.figures import plain, share_figure, stacked_bars, study_figure, timeline_figure
from tracker.queries.timeseries import fold


def _share_df():
    counts = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-01-01", "2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01"]
            ),
            "country": ["CN", "US", "unattributed", "CN", "US"],
            "role": ["chair", "chair", "chair", "chair", "vice_chair"],
            "posts": [2, 1, 1, 3, 1],
        }
    )
    return fold(counts, pd.DatetimeIndex(pd.to_datetime(["2025-01-01", "2025-02-01"])), top_n=1)


def test_share_figure_stacks_one_trace_per_row_key_with_counts_in_hover():
    df = _share_df()
    fig = share_figure(df, "area")
    assert [t.name for t in fig.data] == ["China", "Other countries", "Unattributed"]
    assert all(t.stackgroup == "share" for t in fig.data)
    china = fig.data[0]
    assert list(china.y) == [0.5, 0.75]
    assert [list(c[:2]) for c in china.customdata] == [["CN", 2], ["CN", 3]]
    assert (
        "posts: %{customdata[1]}" in china.hovertemplate
        and "share: %{y:.1%}" in china.hovertemplate
    )
    assert fig.data[2].line.color == "#5f5f5f"  # unattributed always grey and present
    lines = share_figure(df, "lines")
    assert all(t.stackgroup is None for t in lines.data)


def test_empty_share_figure_says_so():
    df = _share_df().assign(posts=0)
    fig = share_figure(df)
    assert not fig.data and "No posts" in fig.layout.annotations[0].text


def test_scraped_text_is_escaped_for_plotly():
    assert (
        plain('<a href="javascript:alert(1)">x</a>')
        == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    )
    df = pd.DataFrame({"meeting": ["<b>M1</b>"], "count": [2.0], "key": ["<img src=x>"]})
    fig = stacked_bars(df, "meeting", "count", "key")
    assert fig.data[0].name == "&lt;img src=x&gt;" and fig.data[0].x[0] == "&lt;b&gt;M1&lt;/b&gt;"


def test_timeline_runs_open_posts_to_the_given_date():
    df = pd.DataFrame(
        {
            "role": ["chair", "vice_chair"],
            "holder": ["A <i>B</i>", "C"],
            "valid_from": ["2025-01-01", "2025-03-01"],
            "valid_to": ["2025-02-01", None],
        }
    )
    fig = timeline_figure(df, ("role", "holder"), "role", until=dt.date(2025, 4, 1))
    assert [t.name for t in fig.data] == ["chair", "vice_chair"]
    assert fig.data[0].y[0] == "chair · A &lt;i&gt;B&lt;/i&gt;"
    assert fig.data[1].x[0] == 31 * 24 * 3600 * 1000  # 2025-03-01 -> 2025-04-01 (open)


def test_study_figure_groups_bars_per_focus_group():
    df = pd.DataFrame(
        {
            "group": ["FG-AI4H", "FG-AN"],
            "cn_posts_2021": [1, 5],
            "cn_posts_now": [2, 0],
            "posts_now": [4, 0],
        }
    )
    fig = study_figure(df)
    assert [t.name for t in fig.data][0].startswith("CN officers, CASI 2021")
    assert list(fig.data[0].y) == [1, 5] and list(fig.data[1].y) == [2, 0]

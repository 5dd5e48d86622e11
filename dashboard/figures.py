"""DataFrames -> Plotly figures.  Pure functions, no Dash and no database.

Plotly renders a few HTML tags (``<b>``, ``<br>``, ``<a href>``) in trace names, hover labels
and ticks, so every string that may come from a scraped page goes through :func:`plain`,
which escapes it: Plotly then shows the characters as typed.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from tracker.queries.timeseries import OTHER, UNATTRIBUTED

PALETTE = qualitative.Plotly + qualitative.D3
FIXED = {OTHER: "#b8b8b8", UNATTRIBUTED: "#5f5f5f"}
LAYOUT = {
    "template": "plotly_white",
    "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    "legend": {"orientation": "v"},
    "hovermode": "closest",
}


def plain(text) -> str:
    """Escape a string for Plotly text (it would otherwise render tags in it)."""
    return html.escape("" if text is None else str(text), quote=False)


def colors(keys) -> dict[str, str]:
    out, i = {}, 0
    for key in keys:
        if key in FIXED:
            out[key] = FIXED[key]
        else:
            out[key] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        **LAYOUT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": plain(message),
                "showarrow": False,
                "font": {"size": 15},
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ],
    )
    return fig


def share_figure(df: pd.DataFrame, chart: str = "area", title: str = "") -> go.Figure:
    """Share by country over time: stacked areas (shares add up to 100 %) or one line each.
    Hover shows the count, the weighted count and the share; ``customdata[0]`` is the key
    (country, ``other``, ``unattributed``) a click drills into."""
    if df.empty or not df["posts"].any():
        return empty_figure("No posts match these filters in this period.")
    keys = list(dict.fromkeys(df["country"]))
    palette = colors(keys)
    fig = go.Figure()
    for key in keys:
        part = df[df["country"] == key]
        custom = list(zip(part["country"], part["posts"], part["weighted"].round(2), strict=True))
        name = plain(part["name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["share"],
                name=name,
                customdata=custom,
                mode="lines",
                line={"color": palette[key], "width": 1.5 if chart == "area" else 2.5},
                stackgroup="share" if chart == "area" else None,
                hovertemplate=(
                    f"<b>{name}</b><br>%{{x|%Y-%m-%d}}<br>posts: %{{customdata[1]}}"
                    "<br>weighted: %{customdata[2]}<br>share: %{y:.1%}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        **LAYOUT,
        title=plain(title),
        yaxis={"tickformat": ".0%", "title": "share of posts"},
        xaxis={"title": None},
    )
    return fig


def timeline_figure(
    df: pd.DataFrame,
    label_cols: tuple[str, ...],
    color_col: str = "role",
    until: dt.date | None = None,
) -> go.Figure:
    """Post intervals as horizontal bars (open intervals run to ``until``, default today)."""
    if df.empty:
        return empty_figure("No posts recorded.")
    until = until or dt.date.today()
    d = df.copy()
    d["label"] = [
        " · ".join(plain(v) for v in vals if v)
        for vals in d[list(label_cols)].itertuples(index=False)
    ]
    d["start"] = pd.to_datetime(d["valid_from"])
    d["end"] = pd.to_datetime(d["valid_to"].fillna(until.isoformat()))
    d.loc[d["end"] <= d["start"], "end"] = d["start"] + pd.Timedelta(days=1)
    palette = colors(dict.fromkeys(d[color_col].fillna("")))
    fig = go.Figure()
    for key, part in d.groupby(color_col, sort=False, dropna=False):
        key = "" if pd.isna(key) else key
        fig.add_trace(
            go.Bar(
                base=part["start"],
                x=(part["end"] - part["start"]).dt.total_seconds() * 1000,
                y=part["label"],
                orientation="h",
                name=plain(key),
                marker_color=palette[key],
                customdata=list(
                    zip(part["valid_from"], part["valid_to"].fillna("open"), strict=True)
                ),
                hovertemplate="%{y}<br>%{customdata[0]} → %{customdata[1]}<extra>"
                + plain(key)
                + "</extra>",
            )
        )
    fig.update_layout(
        **LAYOUT,
        barmode="overlay",
        xaxis={"type": "date"},
        yaxis={"autorange": "reversed", "title": None},
        height=max(260, 28 * d["label"].nunique() + 120),
    )
    return fig


def stacked_bars(
    df: pd.DataFrame, x: str, y: str, color: str, title: str = "", empty: str = "Nothing to show."
) -> go.Figure:
    """Bars of ``y`` per ``x`` (in frame order), stacked by ``color``."""
    if df.empty:
        return empty_figure(empty)
    keys = list(dict.fromkeys(df[color]))
    palette = colors(keys)
    order = [plain(v) for v in dict.fromkeys(df[x])]
    fig = go.Figure()
    for key in keys:
        part = df[df[color] == key]
        fig.add_trace(
            go.Bar(
                x=[plain(v) for v in part[x]], y=part[y], name=plain(key), marker_color=palette[key]
            )
        )
    fig.update_layout(
        **LAYOUT,
        barmode="stack",
        title=plain(title),
        xaxis={"categoryorder": "array", "categoryarray": order},
    )
    return fig


def study_figure(df: pd.DataFrame) -> go.Figure:
    """Chinese officers per AI focus group: the 2021 study's count beside the store's now."""
    if df.empty:
        return empty_figure("No AI focus groups known.")
    groups = [plain(g) for g in df["group"]]
    fig = go.Figure(
        [
            go.Bar(
                x=groups,
                y=df["cn_posts_2021"],
                name="CN officers, CASI 2021",
                marker_color="#c44e52",
            ),
            go.Bar(
                x=groups,
                y=df["cn_posts_now"],
                name="CN posts in the store now",
                marker_color="#dd8452",
            ),
            go.Bar(
                x=groups,
                y=df["posts_now"],
                name="all posts in the store now",
                marker_color="#8c8c8c",
            ),
        ]
    )
    fig.update_layout(**LAYOUT, barmode="group", yaxis={"title": "posts"})
    return fig

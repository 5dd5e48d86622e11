"""The posts behind one number of the share view (a country, or other/unattributed, at a date)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids
from dashboard.components import POST_FACTS, download_link, fact_table
from dashboard.params import DrillParams, ShareParams, parse_date
from dashboard.queries import read_session
from dashboard.queries.share import posts_behind
from tracker.queries.timeseries import country_label

dash.register_page(__name__, path="/posts", name="Posts", title="Posts · sso-tracker")


def layout(**query):
    p, d = ShareParams.from_query(query), DrillParams.from_query(query)
    when = parse_date(d.date)
    if when is None or not d.country:
        return html.Div(
            [
                html.H2("Posts behind a number"),
                html.P("Pick a country and a date on the share chart to list its posts."),
            ]
        )
    with read_session() as s:
        df = posts_behind(s, p, when, d.country)
    filters = ", ".join(f"{k}={v}" for k, v in sorted(_filters(p).items())) or "no filters"
    return html.Div(
        [
            html.H2(f"{country_label(d.country)} on {d.date}: {len(df)} posts"),
            html.P(f"Filters: {filters}.", className="note"),
            html.Div(
                [
                    dcc.Link("Back to the chart", href=f"/?{p.to_query()}"),
                    " · ",
                    download_link(
                        ids.POSTS_CSV, "posts", p.to_query(date=d.date, country=d.country)
                    ),
                ],
                className="links",
            ),
            fact_table(df, POST_FACTS, table_id=ids.POSTS_TABLE),
        ]
    )


def _filters(p: ShareParams) -> dict:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(p.to_query()))

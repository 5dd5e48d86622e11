"""Share over time: leadership share by country, filtered, with drill-down to the posts."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.components import (
    POST_FACTS,
    csv_href,
    data_table,
    download_link,
    fact_table,
    section,
)
from dashboard.controls import (
    ATTRIBUTION_OPTIONS,
    DEFAULT,
    FREQ_OPTIONS,
    ROLE_OPTIONS,
    URL_SYNC_JS,
    body_dropdown,
    family_input,
    labelled,
    topic_dropdown,
    unset,
)
from dashboard.figures import share_figure
from dashboard.params import DrillParams, ShareParams, parse_date
from dashboard.queries import read_session
from dashboard.queries.share import posts_behind, resolve_range, share_frame, store_span
from tracker.queries.timeseries import country_label

dash.register_page(
    __name__, path="/", name="Share over time", title="Share over time · sso-tracker"
)


def layout(**query):
    p = ShareParams.from_query(query)
    with read_session() as s:
        first, last = store_span(s)
    controls = html.Div(
        className="controls",
        children=[
            body_dropdown(ids.SHARE_BODY, p.body),
            topic_dropdown(ids.SHARE_TOPIC, p.topic),
            family_input(ids.SHARE_FAMILY, p.family),
            labelled(
                "Roles",
                dcc.Dropdown(
                    id=ids.SHARE_ROLES,
                    options=ROLE_OPTIONS,
                    value=list(p.roles),
                    multi=True,
                    placeholder="every leadership role",
                ),
                width="300px",
            ),
            labelled(
                "Role weights",
                dcc.Input(
                    id=ids.SHARE_WEIGHTS,
                    value=p.weights,
                    debounce=True,
                    type="text",
                    placeholder="chair=3, vice_chair=1",
                ),
            ),
            labelled(
                "Attribution",
                dcc.Dropdown(
                    id=ids.SHARE_ATTRIBUTION,
                    options=ATTRIBUTION_OPTIONS,
                    value=p.attribution or DEFAULT,
                    clearable=False,
                ),
            ),
            labelled(
                "Dates",
                dcc.DatePickerRange(
                    id=ids.SHARE_DATES,
                    start_date=p.start or first.isoformat(),
                    end_date=p.end or last.isoformat(),
                    display_format="YYYY-MM-DD",
                ),
                width="300px",
            ),
            labelled(
                "Resolution",
                dcc.Dropdown(
                    id=ids.SHARE_FREQ, options=FREQ_OPTIONS, value=p.freq, clearable=False
                ),
                width="140px",
            ),
            labelled(
                "Top countries",
                dcc.Input(
                    id=ids.SHARE_TOP,
                    type="number",
                    min=1,
                    max=50,
                    step=1,
                    value=p.top,
                    debounce=True,
                ),
                width="120px",
            ),
            labelled(
                "Chart",
                dcc.RadioItems(
                    id=ids.SHARE_CHART,
                    value=p.chart,
                    inline=True,
                    options=[
                        {"label": " stacked area", "value": "area"},
                        {"label": " lines", "value": "lines"},
                    ],
                ),
            ),
            dcc.Checklist(
                id=ids.SHARE_INACTIVE,
                value=["1"] if p.inactive else [],
                options=[{"label": " include suspended and closed groups", "value": "1"}],
            ),
        ],
    )
    return html.Div(
        [
            html.H2("Leadership share by country over time"),
            html.P(
                "Posts held at each date, by the country of the holder under the chosen attribution. "
                "Click the chart or a table row to list the posts behind a number.",
                className="note",
            ),
            controls,
            dcc.Store(id=ids.SHARE_QUERY),
            dcc.Store(id=ids.SHARE_URL_SYNC),
            html.Div(id=ids.SHARE_SUMMARY, className="summary"),
            dcc.Loading(dcc.Graph(id=ids.SHARE_GRAPH, config={"displaylogo": False})),
            html.Div(id=ids.SHARE_DRILL),
            section(
                "Data",
                download_link(ids.SHARE_CSV, "share", p.to_query()),
                data_table(ids.SHARE_TABLE, _records_frame(None), page_size=12),
            ),
        ]
    )


def _records_frame(df):
    import pandas as pd

    cols = ["date", "country", "name", "posts", "weighted", "share"]
    if df is None:
        return pd.DataFrame(columns=cols)
    return df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))[cols]


def params_from_controls(
    body, topic, family, roles, weights, attribution, start, end, freq, top, chart, inactive
) -> ShareParams:
    return ShareParams.from_query(
        {
            "body": unset(body),
            "topic": unset(topic),
            "family": family or "",
            "roles": list(roles or []),
            "weights": weights or "",
            "attribution": unset(attribution),
            "start": start or "",
            "end": end or "",
            "freq": freq or "auto",
            "top": top if top is not None else 8,
            "chart": chart or "area",
            "inactive": "1" if inactive else "",
        }
    )


@callback(
    Output(ids.SHARE_GRAPH, "figure"),
    Output(ids.SHARE_TABLE, "data"),
    Output(ids.SHARE_CSV, "href"),
    Output(ids.SHARE_QUERY, "data"),
    Output(ids.SHARE_SUMMARY, "children"),
    Input(ids.SHARE_BODY, "value"),
    Input(ids.SHARE_TOPIC, "value"),
    Input(ids.SHARE_FAMILY, "value"),
    Input(ids.SHARE_ROLES, "value"),
    Input(ids.SHARE_WEIGHTS, "value"),
    Input(ids.SHARE_ATTRIBUTION, "value"),
    Input(ids.SHARE_DATES, "start_date"),
    Input(ids.SHARE_DATES, "end_date"),
    Input(ids.SHARE_FREQ, "value"),
    Input(ids.SHARE_TOP, "value"),
    Input(ids.SHARE_CHART, "value"),
    Input(ids.SHARE_INACTIVE, "value"),
)
def update(*controls):
    p = params_from_controls(*controls)
    with read_session() as s:
        first, last = store_span(s)
        # dates equal to the store's span stay out of the URL, so a shared link follows new data
        p = p.replace(
            start="" if p.start == first.isoformat() else p.start,
            end="" if p.end == last.isoformat() else p.end,
        )
        freq = resolve_range(s, p)[2]
        df = share_frame(s, p)
    query = p.to_query()
    figure = share_figure(df, p.chart)
    return (
        figure,
        _records_frame(df).to_dict("records"),
        csv_href("share", query),
        query,
        _summary(df, freq),
    )


def _summary(df, freq: str) -> str:
    if df.empty:
        return "No dates in this range."
    at = df["date"].max()
    latest = df[df["date"] == at]
    total = int(latest["posts"].sum())
    return (
        f"{total} posts on {at:%Y-%m-%d} ({latest['country'].nunique()} rows shown, "
        f"{df['date'].nunique()} dates, step {freq})."
    )


clientside_callback(URL_SYNC_JS, Output(ids.SHARE_URL_SYNC, "data"), Input(ids.SHARE_QUERY, "data"))


@callback(
    Output(ids.SHARE_DRILL, "children"),
    Input(ids.SHARE_GRAPH, "clickData"),
    Input(ids.SHARE_TABLE, "active_cell"),
    State(ids.SHARE_TABLE, "derived_viewport_data"),
    State(ids.SHARE_QUERY, "data"),
    prevent_initial_call=True,
)
def drill(click, cell, viewport, query):
    if dash.ctx.triggered_id == ids.SHARE_GRAPH and click:
        point = click["points"][0]
        date, key = str(point["x"])[:10], point["customdata"][0]
    elif cell and viewport and cell["row"] < len(viewport):
        row = viewport[cell["row"]]
        date, key = row["date"], row["country"]
    else:
        return dash.no_update
    return drill_panel(ShareParams.from_query(_parse(query)), DrillParams(date=date, country=key))


def _parse(query: str | None) -> dict:
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(query or "").items()}


def drill_panel(p: ShareParams, d: DrillParams) -> html.Div:
    when = parse_date(d.date)
    if when is None or not d.country:
        return html.Div()
    with read_session() as s:
        df = posts_behind(s, p, when, d.country)
    query = p.to_query(date=d.date, country=d.country)
    return section(
        f"{country_label(d.country)} on {d.date}: {len(df)} posts",
        html.Div(
            [
                dcc.Link("Open as a page", href=f"/posts?{query}", id="share-drill-page"),
                " · ",
                download_link("share-drill-csv", "posts", query),
            ],
            className="links",
        ),
        fact_table(df, POST_FACTS, table_id="share-drill-table"),
    )

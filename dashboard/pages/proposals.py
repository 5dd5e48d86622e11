"""Proposals: contribution counts by country and by organisation over time."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.components import data_table, download_link, section
from dashboard.controls import (
    URL_SYNC_JS,
    body_dropdown,
    family_input,
    labelled,
    topic_dropdown,
    unset,
)
from dashboard.figures import stacked_bars
from dashboard.params import ProposalParams
from dashboard.queries import read_session
from dashboard.queries.proposals import contributions, fold_top

dash.register_page(__name__, path="/proposals", name="Proposals", title="Proposals · sso-tracker")

EMPTY = (
    "No contributions in the store for these filters yet. They arrive with the ITU-T "
    "contribution lists and 3GPP TDoc lists."
)


def layout(**query):
    p = ProposalParams.from_query(query)
    return html.Div(
        [
            html.H2("Contributions by country and organisation"),
            html.P(
                "Each document counts once per co-source (full) or 1/n per co-source of n (fractional).",
                className="note",
            ),
            html.Div(
                className="controls",
                children=[
                    body_dropdown(ids.PROPOSALS_BODY, p.body),
                    topic_dropdown(ids.PROPOSALS_TOPIC, p.topic),
                    family_input(ids.PROPOSALS_FAMILY, p.family),
                    labelled(
                        "Counting",
                        dcc.RadioItems(
                            id=ids.PROPOSALS_METHOD,
                            value=p.method,
                            inline=True,
                            options=[
                                {"label": " full", "value": "full"},
                                {"label": " fractional", "value": "fractional"},
                            ],
                        ),
                    ),
                    labelled(
                        "Top",
                        dcc.Input(
                            id=ids.PROPOSALS_TOP,
                            type="number",
                            min=1,
                            max=50,
                            value=p.top,
                            debounce=True,
                        ),
                        width="100px",
                    ),
                ],
            ),
            dcc.Store(id=ids.PROPOSALS_QUERY),
            dcc.Store(id=ids.PROPOSALS_URL_SYNC),
            dcc.Loading(html.Div(id=ids.PROPOSALS_CONTENT)),
        ]
    )


@callback(
    Output(ids.PROPOSALS_CONTENT, "children"),
    Output(ids.PROPOSALS_QUERY, "data"),
    Input(ids.PROPOSALS_BODY, "value"),
    Input(ids.PROPOSALS_TOPIC, "value"),
    Input(ids.PROPOSALS_FAMILY, "value"),
    Input(ids.PROPOSALS_METHOD, "value"),
    Input(ids.PROPOSALS_TOP, "value"),
)
def update(body, topic, family, method, top):
    p = ProposalParams.from_query(
        {
            "body": unset(body),
            "topic": unset(topic),
            "family": family or "",
            "method": method or "full",
            "top": top or 10,
        }
    )
    query = p.to_query()
    with read_session() as s:
        by_country = fold_top(contributions(s, p, "country"), p.top)
        by_org = fold_top(contributions(s, p, "organization"), p.top)
    if by_country.empty:
        return html.Div(EMPTY, className="empty", id="proposals-empty"), query
    return html.Div(
        [
            section(
                "By country",
                dcc.Graph(figure=stacked_bars(by_country, "meeting", "count", "key")),
                download_link("proposals-country-csv", "proposals-country", query),
                data_table("proposals-country-table", by_country),
            ),
            section(
                "By organisation",
                dcc.Graph(figure=stacked_bars(by_org, "meeting", "count", "key")),
                download_link("proposals-org-csv", "proposals-organization", query),
                data_table("proposals-org-table", by_org),
            ),
        ]
    ), query


clientside_callback(
    URL_SYNC_JS, Output(ids.PROPOSALS_URL_SYNC, "data"), Input(ids.PROPOSALS_QUERY, "data")
)

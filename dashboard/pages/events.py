"""Appointments feed: recent change events (appointments, departures, transfers…), filterable."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.components import csv_href, download_link, fact_table
from dashboard.controls import (
    KIND_OPTIONS,
    URL_SYNC_JS,
    body_dropdown,
    family_input,
    labelled,
    topic_dropdown,
    unset,
)
from dashboard.params import EventParams
from dashboard.queries import read_session
from dashboard.queries.events import events_frame

dash.register_page(
    __name__, path="/events", name="Appointments", title="Appointments · sso-tracker"
)

EVENT_FACTS = [
    ("Date", "after_date"),
    ("Previous snapshot", "before_date"),
    ("Event", "kind"),
    ("Body", "body"),
    ("Group", "group"),
    ("Role", "role"),
    ("Holder", "holder"),
    ("Country", "country"),
    ("Previous holder", "previous_holder"),
    ("Previous country", "previous_country"),
    ("Source", "source"),
]


def layout(**query):
    p = EventParams.from_query(query)
    return html.Div(
        [
            html.H2("Appointments and other changes"),
            html.P(
                "Each change was seen between two snapshots of a source: the date is the snapshot "
                "that first showed it.",
                className="note",
            ),
            html.Div(
                className="controls",
                children=[
                    body_dropdown(ids.EVENTS_BODY, p.body),
                    labelled(
                        "Events",
                        dcc.Dropdown(
                            id=ids.EVENTS_KINDS,
                            options=KIND_OPTIONS,
                            value=list(p.kinds),
                            multi=True,
                            placeholder="every kind",
                        ),
                        width="320px",
                    ),
                    topic_dropdown(ids.EVENTS_TOPIC, p.topic),
                    family_input(ids.EVENTS_FAMILY, p.family),
                    labelled(
                        "Dates",
                        dcc.DatePickerRange(
                            id=ids.EVENTS_DATES,
                            start_date=p.since or None,
                            end_date=p.until or None,
                            display_format="YYYY-MM-DD",
                            clearable=True,
                        ),
                        width="300px",
                    ),
                ],
            ),
            dcc.Store(id=ids.EVENTS_QUERY),
            dcc.Store(id=ids.EVENTS_URL_SYNC),
            html.Div(
                [
                    html.Span(id=ids.EVENTS_COUNT),
                    " · ",
                    download_link(ids.EVENTS_CSV, "events", p.to_query()),
                ],
                className="links",
            ),
            dcc.Loading(html.Div(id=ids.EVENTS_TABLE)),
        ]
    )


@callback(
    Output(ids.EVENTS_TABLE, "children"),
    Output(ids.EVENTS_COUNT, "children"),
    Output(ids.EVENTS_CSV, "href"),
    Output(ids.EVENTS_QUERY, "data"),
    Input(ids.EVENTS_BODY, "value"),
    Input(ids.EVENTS_KINDS, "value"),
    Input(ids.EVENTS_TOPIC, "value"),
    Input(ids.EVENTS_FAMILY, "value"),
    Input(ids.EVENTS_DATES, "start_date"),
    Input(ids.EVENTS_DATES, "end_date"),
)
def update(body, kinds, topic, family, since, until):
    p = EventParams.from_query(
        {
            "body": unset(body),
            "kinds": list(kinds or []),
            "topic": unset(topic),
            "family": family or "",
            "since": since or "",
            "until": until or "",
        }
    )
    with read_session() as s:
        df = events_frame(s, p)
    query = p.to_query()
    return (
        fact_table(df, EVENT_FACTS, table_id="events-facts"),
        f"{len(df)} events",
        csv_href("events", query),
        query,
    )


clientside_callback(
    URL_SYNC_JS, Output(ids.EVENTS_URL_SYNC, "data"), Input(ids.EVENTS_QUERY, "data")
)

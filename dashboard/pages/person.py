"""A person: the names printed for them and every post held, across bodies, over time.
Without ``?id=`` the page searches people by name."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import ids
from dashboard.components import POST_FACTS, download_link, fact_table, person_link, section
from dashboard.controls import labelled
from dashboard.figures import timeline_figure
from dashboard.params import IdParams
from dashboard.queries import read_session
from dashboard.queries.common import latest_observed
from dashboard.queries.people import person_info, person_posts, search_people

dash.register_page(__name__, path="/person", name="People", title="Person · sso-tracker")


def layout(**query):
    p = IdParams.from_query(query)
    if not p.id:
        return html.Div(
            [
                html.H2("People"),
                html.Div(
                    className="controls",
                    children=[
                        labelled(
                            "Name contains",
                            dcc.Input(id=ids.PERSON_SEARCH, value=p.q, type="text", debounce=True),
                        ),
                    ],
                ),
                dcc.Loading(html.Div(id=ids.PERSON_RESULTS)),
            ]
        )
    with read_session() as s:
        info = person_info(s, p.id)
        if info is None:
            return html.Div([html.H2("No such person"), dcc.Link("Search people", href="/person")])
        posts, until = person_posts(s, p.id), latest_observed(s)
    others = [a for a in info["aliases"] if a != info["name"]]
    return html.Div(
        [
            html.H2(info["name"]),
            html.P(("Also printed as: " + "; ".join(others)) if others else "", className="note"),
            html.P(
                f"Bodies: {', '.join(info['bodies']) or 'none'} · {len(posts)} post intervals",
                className="note",
            ),
            section(
                "Posts over time",
                dcc.Graph(
                    id=ids.PERSON_TIMELINE,
                    config={"displaylogo": False},
                    figure=timeline_figure(posts, ("body", "group", "role"), "body", until),
                ),
            ),
            section(
                "Posts",
                download_link("person-posts-csv", "person-posts", p.to_query()),
                fact_table(posts, POST_FACTS, table_id=ids.PERSON_POSTS),
            ),
        ]
    )


@callback(Output(ids.PERSON_RESULTS, "children"), Input(ids.PERSON_SEARCH, "value"))
def search(text_value):
    with read_session() as s:
        df = search_people(s, (text_value or "").strip(), limit=200)
    if df.empty:
        return html.P("Nobody matches.", className="note")
    items = [html.Li([person_link(r.id, r.name), f" · {r.posts} posts"]) for r in df.itertuples()]
    return html.Div(
        [
            html.P(
                f"{len(df)} people" + (" (first 200)" if len(df) == 200 else ""), className="note"
            ),
            html.Ul(items, className="results"),
        ]
    )

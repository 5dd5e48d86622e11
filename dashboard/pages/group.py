"""A group: its place in the tree, current officers, history as a timeline, versions, events.
Without ``?id=`` the page searches groups by code or name."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard import ids
from dashboard.components import POST_FACTS, download_link, fact_table, group_link, section, text
from dashboard.controls import body_dropdown, labelled, unset
from dashboard.figures import timeline_figure
from dashboard.params import IdParams
from dashboard.queries import read_session
from dashboard.queries.common import latest_observed
from dashboard.queries.groups import (
    group_events,
    group_info,
    officers,
    post_history,
    search_groups,
    versions,
)

dash.register_page(__name__, path="/group", name="Groups", title="Group · sso-tracker")

VERSION_FACTS = [
    ("Code", "code"),
    ("Name", "name"),
    ("Status", "status"),
    ("Parent", "parent"),
    ("From", "valid_from"),
    ("To", "valid_to"),
    ("Source", "source"),
]
EVENT_FACTS = [
    ("Date", "after_date"),
    ("Previous snapshot", "before_date"),
    ("Event", "kind"),
    ("Role", "role"),
    ("Holder", "holder"),
    ("Country", "country"),
    ("Previous holder", "previous_holder"),
    ("Previous country", "previous_country"),
    ("Source", "source"),
]


def layout(**query):
    p = IdParams.from_query(query)
    if not p.id:
        return _search_layout(p)
    with read_session() as s:
        info = group_info(s, p.id)
        if info is None:
            return html.Div([html.H2("No such group"), dcc.Link("Search groups", href="/group")])
        now, history = officers(s, p.id), post_history(s, p.id)
        vers, events, until = versions(s, p.id), group_events(s, p.id), latest_observed(s)
    q = p.to_query()
    return html.Div(
        [
            html.H2(f"{info['code']} ({info['body']})"),
            html.P(text(info["name"])),
            html.P(
                f"Status: {text(info['status']) or 'not stated'} · created {text(info['created_on']) or '?'}"
                + (f" · closed {info['closed_on']}" if info["closed_on"] else ""),
                className="note",
            ),
            _breadcrumbs(info),
            section(
                "Current officers",
                download_link("group-officers-csv", "group-officers", q),
                fact_table(now, POST_FACTS, table_id=ids.GROUP_OFFICERS),
                note="Posts shown by the latest snapshot that covered this group.",
            ),
            section(
                "History",
                dcc.Graph(
                    id=ids.GROUP_TIMELINE,
                    config={"displaylogo": False},
                    figure=timeline_figure(history, ("role", "holder"), "role", until),
                ),
                download_link("group-history-csv", "group-history", q),
                fact_table(history, POST_FACTS, table_id="group-history"),
            ),
            section("Groups below", _tree(info)),
            section(
                "Versions",
                download_link("group-versions-csv", "group-versions", q),
                fact_table(vers, VERSION_FACTS),
            ),
            section(
                "Changes",
                download_link("group-events-csv", "group-events", q),
                fact_table(events, EVENT_FACTS, table_id="group-events"),
            ),
        ]
    )


def _breadcrumbs(info: dict) -> html.Div:
    parts = []
    for a in info["ancestors"]:
        parts += [group_link(a["id"], a["code"]), " › "]
    return (
        html.Div([*parts, html.Strong(info["code"])], className="breadcrumbs")
        if parts
        else html.Div()
    )


def _tree(info: dict):
    """The subtree as nested lists (pre-order with depths -> nesting)."""
    if not info["tree"]:
        return html.P("No groups below this one.", className="note")
    root: list = []
    stack = [(0, root)]
    for node in info["tree"]:
        while stack[-1][0] >= node["depth"]:
            stack.pop()
        children: list = []
        label = [group_link(node["id"], node["code"]), f" {text(node['name'])}"]
        if node["status"] and node["status"] != "Active":
            label.append(html.Em(f" ({node['status']})"))
        stack[-1][1].append(html.Li([*label, html.Ul(children)]))
        stack.append((node["depth"], children))
    more = [html.P("Tree cut short.", className="note")] if info["tree_truncated"] else []
    return html.Div([html.Ul(root, id=ids.GROUP_TREE, className="tree"), *more])


def _search_layout(p: IdParams):
    return html.Div(
        [
            html.H2("Groups"),
            html.Div(
                className="controls",
                children=[
                    body_dropdown(ids.GROUP_SEARCH_BODY, p.body),
                    labelled(
                        "Code or name contains",
                        dcc.Input(
                            id=ids.GROUP_SEARCH,
                            value=p.q,
                            type="text",
                            debounce=True,
                            placeholder="e.g. TC 20, SG13, FG-AI",
                        ),
                    ),
                ],
            ),
            dcc.Loading(html.Div(id=ids.GROUP_RESULTS)),
        ]
    )


@callback(
    Output(ids.GROUP_RESULTS, "children"),
    Input(ids.GROUP_SEARCH, "value"),
    Input(ids.GROUP_SEARCH_BODY, "value"),
)
def search(text_value, body):
    with read_session() as s:
        df = search_groups(s, (text_value or "").strip(), unset(body), limit=200)
    if df.empty:
        return html.P("No group matches.", className="note")
    items = [
        html.Li([group_link(r.id, r.code), f" · {r.body} · {text(r.name)}"])
        for r in df.itertuples()
    ]
    return html.Div(
        [
            html.P(
                f"{len(df)} groups" + (" (first 200)" if len(df) == 200 else ""), className="note"
            ),
            html.Ul(items, className="results"),
        ]
    )

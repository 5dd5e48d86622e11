"""One snapshot: the source page behind a fact (URL, retrieval time, status, its text)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids
from dashboard.components import external_link, text
from dashboard.params import IdParams
from dashboard.queries import read_session
from dashboard.queries.snapshots import snapshot_info

dash.register_page(__name__, path="/snapshot", name="Snapshot", title="Snapshot · sso-tracker")

FIELDS = [
    ("URL", "url"),
    ("Retrieved at", "fetched_at"),
    ("Observed on", "observed_at"),
    ("Source", "source"),
    ("Scope", "scope"),
    ("HTTP status", "http_status"),
    ("Status", "status"),
    ("Reason", "reason"),
    ("Parser", "parser"),
    ("Records", "records"),
    ("SHA-256", "content_hash"),
    ("Size (bytes)", "raw_size"),
]


def layout(**query):
    p = IdParams.from_query(query)
    with read_session() as s:
        info = snapshot_info(s, p.id) if p.id else None
    if info is None:
        return html.Div([html.H2("No such snapshot"), dcc.Link("Data quality", href="/quality")])
    rows = [
        html.Tr(
            [
                html.Th(label),
                html.Td(external_link(info["url"]) if key == "url" else text(info[key])),
            ]
        )
        for label, key in FIELDS
    ]
    return html.Div(
        [
            html.H2(f"Snapshot {info['id']}"),
            html.Table(html.Tbody(rows), className="facts", id=ids.SNAPSHOT_INFO),
            html.H3("Content (start, as text)"),
            html.Pre(
                info["preview"] or "(no content stored)", id=ids.SNAPSHOT_PREVIEW, className="raw"
            ),
        ]
    )

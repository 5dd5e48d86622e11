"""Layout pieces shared by the pages.  Scraped strings only ever become text children or
plain DataTable cells: never Markdown, never raw HTML."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
from dash import dash_table, dcc, html

NAV = [
    ("/", "Share over time"),
    ("/events", "Appointments"),
    ("/group", "Groups"),
    ("/person", "People"),
    ("/ai-study", "AI study 2021+"),
    ("/proposals", "Proposals"),
    ("/quality", "Data quality"),
]
MAX_FACT_ROWS = 300
POST_FACTS = [
    ("Body", "body"),
    ("Group", "group"),
    ("Role", "role"),
    ("Holder", "holder"),
    ("Organisation", "organization"),
    ("Country", "country"),
    ("Basis", "basis"),
    ("From", "valid_from"),
    ("To", "valid_to"),
    ("Source", "source"),
]


def navbar() -> html.Nav:
    return html.Nav(
        className="nav",
        children=[
            html.Span("sso-tracker", className="brand"),
            *[dcc.Link(label, href=href, className="nav-link") for href, label in NAV],
        ],
    )


def text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def external_link(url: str | None, label: str | None = None):
    """A link for http(s) URLs only; anything else (file://, javascript:…) stays text."""
    url = text(url)
    if urlsplit(url).scheme in ("http", "https"):
        return html.A(label or url, href=url, target="_blank", rel="noopener noreferrer nofollow")
    return html.Span(label or url)


def snapshot_link(snapshot_id, retrieved_at=None):
    """Link to the snapshot page (URL, retrieval time, status, raw text) behind a fact."""
    if snapshot_id is None or pd.isna(snapshot_id):
        return html.Span("")
    label = f"source ({text(retrieved_at)[:16]})" if retrieved_at else "source"
    return dcc.Link(label, href=f"/snapshot?id={int(snapshot_id)}", className="source-link")


def group_link(group_id, code):
    if group_id is None or pd.isna(group_id):
        return html.Span(text(code))
    return dcc.Link(text(code), href=f"/group?id={int(group_id)}")


def person_link(person_id, name):
    if person_id is None or pd.isna(person_id):
        return html.Span(text(name))
    return dcc.Link(text(name), href=f"/person?id={int(person_id)}")


def data_table(table_id: str, df: pd.DataFrame, page_size: int = 15, **kw) -> dash_table.DataTable:
    """Sortable, filterable table; cells are plain text (no ``presentation: markdown``)."""
    return dash_table.DataTable(
        id=table_id,
        data=df.to_dict("records"),
        columns=[{"name": c, "id": c} for c in df.columns],
        page_size=page_size,
        sort_action="native",
        filter_action="native",
        style_table={"overflowX": "auto"},
        style_cell={
            "textAlign": "left",
            "whiteSpace": "normal",
            "fontFamily": "inherit",
            "fontSize": "13px",
        },
        style_header={"fontWeight": "bold"},
        **kw,
    )


def fact_table(
    df: pd.DataFrame, columns: list[tuple[str, str]], table_id: str | None = None
) -> html.Div:
    """An HTML table of facts whose cells may be links: ``columns`` are (header, column) pairs;
    the special columns ``group``, ``holder`` and ``source`` link to the group, the person and
    the source snapshot."""
    if df.empty:
        return html.Div("Nothing recorded.", className="empty")
    head = html.Thead(html.Tr([html.Th(h) for h, _ in columns]))
    body = []
    for row in df.head(MAX_FACT_ROWS).to_dict("records"):
        cells = []
        for _h, col in columns:
            if col == "group":
                cell = group_link(row.get("group_id"), row.get("group"))
            elif col == "holder":
                cell = person_link(row.get("person_id"), row.get("holder"))
            elif col == "source":
                cell = snapshot_link(
                    row.get("source_snapshot_id") or row.get("after_snapshot_id"),
                    row.get("retrieved_at"),
                )
            else:
                cell = text(row.get(col))
            cells.append(html.Td(cell))
        body.append(html.Tr(cells))
    note = []
    if len(df) > MAX_FACT_ROWS:
        note = [
            html.P(
                f"First {MAX_FACT_ROWS} of {len(df)} rows; the CSV has them all.", className="note"
            )
        ]
    table = html.Table(
        [head, html.Tbody(body)], className="facts", **({"id": table_id} if table_id else {})
    )
    return html.Div([table, *note])


def download_link(link_id: str, name: str, query: str = "") -> html.A:
    """A link to the CSV of a table with the page's filters (served by ``dashboard.downloads``)."""
    return html.A(
        "Download CSV",
        id=link_id,
        href=csv_href(name, query),
        className="download",
        download=f"{name}.csv",
    )


def csv_href(name: str, query: str = "") -> str:
    return f"/download/{name}.csv" + (f"?{query}" if query else "")


def section(title: str, *children, note: str | None = None) -> html.Section:
    return html.Section(
        [html.H3(title), *([html.P(note, className="note")] if note else []), *children]
    )

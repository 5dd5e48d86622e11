"""``/download/<table>.csv?<filters>``: every table of the dashboard as CSV, filters applied.

Each table is one function of (session, query args) built from the same query functions the
pages use, so a CSV always holds the rows the page shows (all of them, not just one page).
Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) get a
leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from flask import Response, abort, request

from dashboard.params import (
    DrillParams,
    EventParams,
    IdParams,
    ProposalParams,
    ShareParams,
    parse_date,
)
from dashboard.queries import groups, people, proposals, quality, read_session, study
from dashboard.queries.events import events_frame
from dashboard.queries.share import posts_behind, share_frame

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _share(session, args):
    df = share_frame(session, ShareParams.from_query(args))
    return df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))


def _posts(session, args):
    drill = DrillParams.from_query(args)
    when = parse_date(drill.date) or dt.date.today()
    return posts_behind(session, ShareParams.from_query(args), when, drill.country)


def _proposals(by: str):
    def build(session, args):
        p = ProposalParams.from_query(args)
        return proposals.fold_top(proposals.contributions(session, p, by), p.top)

    return build


def _by_id(fn):
    return lambda session, args: fn(session, IdParams.from_query(args).id)


TABLES: dict[str, Callable] = {
    "share": _share,
    "posts": _posts,
    "events": lambda s, a: events_frame(s, EventParams.from_query(a)),
    "group-officers": _by_id(groups.officers),
    "group-history": _by_id(groups.post_history),
    "group-events": _by_id(groups.group_events),
    "group-versions": _by_id(groups.versions),
    "person-posts": _by_id(people.person_posts),
    "study": lambda s, a: study.study_comparison(s),
    "study-groups": lambda s, a: study.ai_groups_now(s),
    "proposals-country": _proposals("country"),
    "proposals-organization": _proposals("organization"),
    "source-health": lambda s, a: quality.source_health(s),
    "bad-snapshots": lambda s, a: quality.bad_snapshots(s),
    "unresolved-organizations": lambda s, a: quality.unresolved_organizations(s),
    "coverage": lambda s, a: quality.coverage(s),
}


def _defuse(value):
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> str:
    safe = df.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]):
            safe[col] = safe[col].map(_defuse)
    return safe.to_csv(index=False, lineterminator="\n")


def table_frame(name: str, args, url: str | None = None) -> pd.DataFrame:
    """The DataFrame behind ``/download/<name>.csv`` for the given query args."""
    with read_session(url) as session:
        return TABLES[name](session, args)


def register(server) -> None:
    @server.route("/download/<name>.csv")
    def download_csv(name: str):
        if name not in TABLES:
            abort(404)
        body = to_csv(table_frame(name, request.args.to_dict(flat=False)))
        return Response(
            body,
            mimetype="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"',
                "Cache-Control": "no-store",
            },
        )

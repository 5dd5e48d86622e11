"""The appointments feed: change events (``tracker.queries.events.list_events``) plus the
snapshot that showed each change, filtered by a topic lens too."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.params import EventParams, parse_date
from dashboard.queries.common import frame, iso
from dashboard.topics import lens_condition
from db.models import ChangeEvent, Group, Snapshot
from tracker.queries.events import list_events

FEED_COLUMNS = [
    "after_date",
    "before_date",
    "kind",
    "body",
    "group",
    "group_id",
    "role",
    "holder",
    "country",
    "previous_holder",
    "previous_country",
    "after_snapshot_id",
    "source_url",
    "retrieved_at",
    "id",
]


def events_frame(session: Session, p: EventParams) -> pd.DataFrame:
    """Change events matching the filters, newest first."""
    rows = list_events(
        session, parse_date(p.since), parse_date(p.until), p.body or None, p.kinds, p.family or None
    )
    lens = lens_condition(p.topic)
    if lens is not None:
        codes = set(session.scalars(select(Group.code).where(lens)))
        rows = [r for r in rows if r["group"] in codes]
    extra = {}
    ids = [r["id"] for r in rows]
    for i in range(0, len(ids), 500):
        q = (
            select(ChangeEvent.id, ChangeEvent.group_id, Snapshot.id, Snapshot.fetched_at)
            .join(Snapshot, Snapshot.id == ChangeEvent.after_snapshot_id)
            .where(ChangeEvent.id.in_(ids[i : i + 500]))
        )
        extra.update({eid: (gid, sid, iso(at)) for eid, gid, sid, at in session.execute(q)})
    out = []
    for r in reversed(rows):
        gid, sid, at = extra.get(r["id"], (None, None, None))
        out.append(
            (
                r["after_date"],
                r["before_date"],
                r["kind"],
                r["body"],
                r["group"],
                gid,
                r["role"],
                r["holder"],
                r["country"],
                r["previous_holder"],
                r["previous_country"],
                sid,
                r["after_url"],
                at,
                r["id"],
            )
        )
    return frame(out, FEED_COLUMNS)

"""Change events with the dates of the two snapshots that prove each one.

Events are derived per scope (one source's view of a page), so a change two sources show
(ISO Open Data and the committee page) is stored twice, often on different dates.
:func:`list_events` lists it once: two events are the same change when they have the same
kind, group and role, the same post keys (the holder; for a transfer or role change also the
previous one), the same countries, and their posts belong to one *tenure* of the holder: an
unbroken span over which some source showed the post (:func:`tenures`).  The alert layer
uses the same tenures to alert a fact once (``tracker.alerts.events``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import ChangeEvent, Group, Post, Snapshot

EVENT_COLUMNS = (
    "id", "kind", "body", "group", "role", "holder", "country", "previous_holder",
    "previous_country", "before_date", "after_date", "before_url", "after_url", "details",
    "sources",
)
CHUNK = 5000

Runs = list[tuple[dt.date, dt.date | None]]


def tenures(session: Session, keys: Iterable[str]) -> dict[str, Runs]:
    """For each post key, the spans over which some source showed it: the union of its
    intervals in every scope, as sorted, disjoint ``[from, to)`` runs (``to`` None: held)."""
    keys = sorted(set(keys))
    spans: dict[str, list] = {}
    for i in range(0, len(keys), CHUNK):
        q = select(Post.key, Post.valid_from, Post.valid_to).where(Post.key.in_(keys[i:i + CHUNK]))
        for key, start, end in session.execute(q):
            spans.setdefault(key, []).append((start, end))
    out: dict[str, Runs] = {}
    for key, parts in spans.items():
        runs: Runs = []
        for start, end in sorted(parts):
            if runs and (runs[-1][1] is None or start <= runs[-1][1]):
                last_end = runs[-1][1]
                runs[-1] = (runs[-1][0], None if last_end is None or end is None else max(last_end, end))
            else:
                runs.append((start, end))
        out[key] = runs
    return out


def tenure_of(runs: Runs, day: dt.date) -> int | None:
    """Index of the run holding ``day`` (None: the key was not held that day)."""
    i = bisect.bisect_right([start for start, _ in runs], day) - 1
    if i >= 0 and (runs[i][1] is None or day < runs[i][1]):
        return i
    return None


def list_events(
    session: Session,
    since: dt.date | None = None,
    until: dt.date | None = None,
    body: str | None = None,
    kinds: tuple[str, ...] = (),
    group_family: str | None = None,
) -> list[dict]:
    """Events in ``[since, until]`` (by the later snapshot's date), a change that several
    sources show listed once: at its first date, with every source and date in ``sources``."""
    before, after = aliased(Snapshot), aliased(Snapshot)
    post, previous = aliased(Post), aliased(Post)
    q = (
        select(ChangeEvent, Group.code, before.url, after.url, post.key, post.valid_from,
               previous.key, previous.valid_from)
        .outerjoin(Group, ChangeEvent.group_id == Group.id)
        .outerjoin(before, ChangeEvent.before_snapshot_id == before.id)
        .join(after, ChangeEvent.after_snapshot_id == after.id)
        .outerjoin(post, ChangeEvent.post_id == post.id)
        .outerjoin(previous, ChangeEvent.previous_post_id == previous.id)
    )
    if since:
        q = q.where(ChangeEvent.after_date >= since)
    if until:
        q = q.where(ChangeEvent.after_date <= until)
    if body:
        q = q.where(ChangeEvent.body == body)
    if kinds:
        q = q.where(ChangeEvent.kind.in_(kinds))
    if group_family:
        from tracker.queries.filters import family_condition

        q = q.where(family_condition(group_family))
    q = q.order_by(ChangeEvent.after_date, ChangeEvent.kind, Group.code, ChangeEvent.id)
    found = session.execute(q).all()
    runs = tenures(session, [k for r in found for k in (r[4], r[6]) if k])
    rows: list[dict] = []
    first: dict[tuple, dict] = {}
    epochs: dict[tuple, tuple[str, int]] = {}
    for ev, code, before_url, after_url, key, since_day, prev_key, prev_since in found:
        subject, anchor = (key, since_day) if key else (prev_key, prev_since)
        same = _identity(ev, key, prev_key, subject, anchor, runs, epochs)
        source = f"{ev.scope} {ev.after_date.isoformat()}"
        if same in first:
            first[same]["sources"] += f"; {source}"
            continue
        row = {
            "id": ev.id, "kind": ev.kind, "body": ev.body, "group": code, "role": ev.role,
            "holder": ev.holder, "country": ev.country, "previous_holder": ev.previous_holder,
            "previous_country": ev.previous_country,
            "before_date": ev.before_date.isoformat() if ev.before_date else None,
            "after_date": ev.after_date.isoformat(), "before_url": before_url, "after_url": after_url,
            "details": ev.details, "sources": source,
        }
        first[same] = row
        rows.append(row)
    return rows


def _identity(ev: ChangeEvent, key, prev_key, subject, anchor, runs, epochs) -> tuple:
    """What makes two events (of two sources) the same change; see the module docstring.
    Events come in date order; ``epochs`` numbers the successive changes of a group."""
    common = (ev.kind, ev.group_id, ev.role, ev.country, ev.previous_country)
    details = json.dumps(ev.details, sort_keys=True, default=str)
    if subject is None:  # group events: the same details, with no other change in between
        last, epoch = epochs.get((ev.kind, ev.group_id), (None, 0))
        if details != last:
            epoch += 1
            epochs[(ev.kind, ev.group_id)] = (details, epoch)
        return (*common, details, epoch)
    tenure = tenure_of(runs.get(subject, []), anchor)
    if tenure is None:
        return (*common, "event", ev.id)
    return (*common, key, prev_key, subject, tenure, details if ev.kind == "post_updated" else "")

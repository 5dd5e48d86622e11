"""Change events with the dates of the two snapshots that prove each one.

Events are derived per scope (one source's view of a page), so a change two sources show
(ISO Open Data and the committee page) is stored twice, often on different dates.
:func:`list_events` lists it once, at its first date, with every source in ``sources``.

The rule: every event has a *subject* — the post keys it is about (the holder's; for a
transfer, a role change or an update also the previous one), or, for a group event, the group
— and a *transition*: its kind, group, role, post keys, countries and details (the before and
after values of an update or a rename).  Going through the events in date order, an event is
merged into the latest change listed for its subject when it is the same transition and its
scope has not reported that change yet; otherwise it is a change of its own and becomes the
latest of its subject.  So only the same change reported by different sources is merged, and
only when no other change of the subject came in between in any source: the changes of one
source (a committee removed, restored, removed again; an organisation A→B→A→B) are never
merged.  The ``since`` window and the ``kinds`` filter are applied after merging, on the first
date, over every earlier event of the groups concerned (post keys belong to one group, so
these hold every earlier event of the subjects): a change already listed before ``since`` is
not listed again when a later source shows it.  Events after ``until`` are left out.

:func:`tenures` (the spans over which some source showed a post) lets the alert layer alert
a fact once (``tracker.alerts.events``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Iterable

from sqlalchemy import or_, select
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
    """The changes first shown in ``[since, until]`` (by the later snapshot's date), a change
    that several sources show listed once: at its first date, with every source and date (up
    to ``until``) in ``sources``.  See the module docstring for what is merged."""
    before, after = aliased(Snapshot), aliased(Snapshot)
    post, previous = aliased(Post), aliased(Post)
    q = (
        select(ChangeEvent.__table__, Group.code, before.url.label("before_url"),
               after.url.label("after_url"), post.key.label("post_key"),
               previous.key.label("previous_key"))
        .outerjoin(Group, ChangeEvent.group_id == Group.id)
        .outerjoin(before, ChangeEvent.before_snapshot_id == before.id)
        .join(after, ChangeEvent.after_snapshot_id == after.id)
        .outerjoin(post, ChangeEvent.post_id == post.id)
        .outerjoin(previous, ChangeEvent.previous_post_id == previous.id)
    )
    if since:  # the window's events, and every earlier event of their groups (subjects)
        shown = select(ChangeEvent.group_id).where(ChangeEvent.after_date >= since)
        q = q.where(or_(ChangeEvent.after_date >= since, ChangeEvent.group_id.in_(shown)))
    if until:
        q = q.where(ChangeEvent.after_date <= until)
    if body:
        q = q.where(ChangeEvent.body == body)
    if group_family:
        from tracker.queries.filters import family_condition

        q = q.where(family_condition(group_family))
    q = q.order_by(ChangeEvent.after_date, ChangeEvent.kind, Group.code, ChangeEvent.id)
    rows: list[dict] = []
    latest: dict = {}  # subject -> its latest change: (transition, scopes, row)
    for ev in session.execute(q):  # rows (not entities): lighter
        key, prev_key = ev.post_key, ev.previous_key
        if key or prev_key:
            subjects = {key, prev_key} - {None}
        else:  # a group event (or one whose posts are gone: never merged)
            subjects = {("group", ev.group_id) if ev.kind.startswith("group_") else ("event", ev.id)}
        transition = (
            ev.kind, ev.group_id, ev.role, key, prev_key, ev.country, ev.previous_country,
            json.dumps(ev.details, sort_keys=True, default=str) if ev.details else None,
        )
        source = f"{ev.scope} {ev.after_date.isoformat()}"
        change = latest.get(next(iter(subjects)))
        if (
            change is not None
            and change[0] == transition
            and ev.scope not in change[1]
            and all(latest.get(s) is change for s in subjects)
        ):
            change[1].add(ev.scope)
            change[2]["sources"] += f"; {source}"
            continue
        row = {
            "id": ev.id, "kind": ev.kind, "body": ev.body, "group": ev.code, "role": ev.role,
            "holder": ev.holder, "country": ev.country, "previous_holder": ev.previous_holder,
            "previous_country": ev.previous_country,
            "before_date": ev.before_date.isoformat() if ev.before_date else None,
            "after_date": ev.after_date.isoformat(), "before_url": ev.before_url,
            "after_url": ev.after_url,
            "details": ev.details, "sources": source,
        }
        change = (transition, {ev.scope}, row)
        latest.update(dict.fromkeys(subjects, change))
        rows.append(row)
    first = since.isoformat() if since else ""
    return [r for r in rows if r["after_date"] >= first and (not kinds or r["kind"] in kinds)]

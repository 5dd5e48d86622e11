"""Change events with the dates of the two snapshots that prove each one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import ChangeEvent, Group, Snapshot

EVENT_COLUMNS = (
    "id", "kind", "body", "group", "role", "holder", "country", "previous_holder",
    "previous_country", "before_date", "after_date", "before_url", "after_url", "details",
)


def list_events(
    session: Session,
    since: dt.date | None = None,
    until: dt.date | None = None,
    body: str | None = None,
    kinds: tuple[str, ...] = (),
    group_family: str | None = None,
) -> list[dict]:
    before, after = aliased(Snapshot), aliased(Snapshot)
    q = (
        select(ChangeEvent, Group.code, before.url, after.url)
        .outerjoin(Group, ChangeEvent.group_id == Group.id)
        .outerjoin(before, ChangeEvent.before_snapshot_id == before.id)
        .join(after, ChangeEvent.after_snapshot_id == after.id)
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
    rows = []
    for ev, code, before_url, after_url in session.execute(q):
        rows.append({
            "id": ev.id, "kind": ev.kind, "body": ev.body, "group": code, "role": ev.role,
            "holder": ev.holder, "country": ev.country, "previous_holder": ev.previous_holder,
            "previous_country": ev.previous_country,
            "before_date": ev.before_date.isoformat() if ev.before_date else None,
            "after_date": ev.after_date.isoformat(), "before_url": before_url, "after_url": after_url,
            "details": ev.details,
        })
    return rows

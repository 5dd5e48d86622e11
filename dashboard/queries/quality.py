"""Data quality: source health, snapshots that were not applied, unresolved organisations,
and coverage per body."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.queries.common import frame, iso
from db.models import Group, GroupVersion, Post, Snapshot, SourceRun

HEALTH_COLUMNS = [
    "source",
    "last_run",
    "last_status",
    "last_items",
    "last_reason",
    "snapshots",
    "applied",
    "unchanged",
    "superseded",
    "suspect",
    "failed",
    "last_observed",
]
BAD_COLUMNS = [
    "snapshot_id",
    "source",
    "scope",
    "status",
    "reason",
    "url",
    "retrieved_at",
    "observed_at",
]
UNRESOLVED_COLUMNS = ["organization", "body", "posts", "open_posts", "example_group"]
COVERAGE_COLUMNS = [
    "body",
    "groups",
    "groups_with_open_posts",
    "open_posts",
    "attributed",
    "attributed_share",
    "first_seen",
    "last_seen",
]


def source_health(session: Session) -> pd.DataFrame:
    """Per source: its latest run (when, status, items, reason) and its snapshots by status."""
    snaps = {}
    q = select(
        Snapshot.source,
        func.count(Snapshot.id),
        *[
            func.sum(case((Snapshot.status == s, 1), else_=0))
            for s in ("applied", "unchanged", "superseded", "suspect", "failed")
        ],
        func.max(Snapshot.observed_at),
    ).group_by(Snapshot.source)
    for source, n, *by_status, last in session.execute(q):
        snaps[source] = (n, *(count or 0 for count in by_status), iso(last))
    latest = (
        select(SourceRun.source, func.max(SourceRun.id).label("id"))
        .group_by(SourceRun.source)
        .subquery()
    )
    runs = {
        r.source: (iso(r.started_at), r.status, r.items, r.reason)
        for r in session.scalars(select(SourceRun).join(latest, latest.c.id == SourceRun.id))
    }
    rows = [
        (
            source,
            *runs.get(source, (None, "never run", None, None)),
            *snaps.get(source, (0, 0, 0, 0, 0, 0, None)),
        )
        for source in sorted(set(snaps) | set(runs))
    ]
    return frame(rows, HEALTH_COLUMNS)


def bad_snapshots(session: Session, limit: int = 500) -> pd.DataFrame:
    """Suspect and failed snapshots, newest first, with the reason they were not applied."""
    q = (
        select(
            Snapshot.id,
            Snapshot.source,
            Snapshot.scope,
            Snapshot.status,
            Snapshot.reason,
            Snapshot.url,
            Snapshot.fetched_at,
            Snapshot.observed_at,
        )
        .where(Snapshot.status.in_(("suspect", "failed")))
        .order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc())
        .limit(limit)
    )
    return frame([(*r[:6], iso(r[6]), iso(r[7])) for r in session.execute(q)], BAD_COLUMNS)


def unresolved_organizations(session: Session) -> pd.DataFrame:
    """Organisation names printed on posts that no organisation row resolves."""
    q = (
        select(
            Post.organization_label,
            Group.body,
            func.count(Post.id),
            func.sum(case((Post.valid_to.is_(None), 1), else_=0)),
            func.min(Group.code),
        )
        .join(Group, Group.id == Post.group_id)
        .where(Post.organization_label.is_not(None), Post.organization_id.is_(None))
        .group_by(Post.organization_label, Group.body)
        .order_by(func.count(Post.id).desc(), Post.organization_label)
    )
    return frame(session.execute(q), UNRESOLVED_COLUMNS)


def coverage(session: Session) -> pd.DataFrame:
    """Per body: groups known, groups with open posts, open posts and how many have a country,
    and the span of observations."""
    groups = dict(
        session.execute(select(Group.body, func.count(Group.id)).group_by(Group.body)).all()
    )
    q = (
        select(
            Group.body,
            func.count(func.distinct(Post.group_id)),
            func.count(Post.id),
            func.count(Post.country),
        )
        .join(Group, Group.id == Post.group_id)
        .where(Post.valid_to.is_(None))
        .group_by(Group.body)
    )
    posts = {b: (g, n, a) for b, g, n, a in session.execute(q)}
    span = {
        b: (iso(lo), iso(hi))
        for b, lo, hi in session.execute(
            select(Group.body, func.min(GroupVersion.valid_from), func.max(GroupVersion.valid_from))
            .join(Group, Group.id == GroupVersion.group_id)
            .group_by(Group.body)
        )
    }
    seen = {
        b: (iso(lo), iso(hi))
        for b, lo, hi in session.execute(
            select(Group.body, func.min(Post.valid_from), func.max(Snapshot.observed_at))
            .join(Group, Group.id == Post.group_id)
            .join(Snapshot, Snapshot.id == Post.last_snapshot_id)
            .group_by(Group.body)
        )
    }
    rows = []
    for body in sorted(set(groups) | set(posts)):
        g, n, a = posts.get(body, (0, 0, 0))
        first, last = seen.get(body) or span.get(body) or (None, None)
        rows.append(
            (body, groups.get(body, 0), g, n, a, round(a / n, 4) if n else None, first, last)
        )
    return frame(rows, COVERAGE_COLUMNS)

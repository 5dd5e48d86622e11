"""Small helpers shared by the dashboard's queries: frames, dates, the post listing."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from db.models import Group, Person, Post, PostAttribution, Snapshot

POST_COLUMNS = [
    "post_id",
    "body",
    "group_id",
    "group",
    "group_name",
    "role",
    "role_raw",
    "holder",
    "person_id",
    "organization",
    "country",
    "basis",
    "valid_from",
    "valid_to",
    "first_snapshot_id",
    "source_snapshot_id",
    "source_url",
    "retrieved_at",
]
_DATE_COLUMNS = ("valid_from", "valid_to", "retrieved_at")


def frame(rows, columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (also when there are no rows)."""
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def iso(value) -> str | None:
    """Dates and datetimes as ISO text (whole seconds); None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def country_under(q, attribution: str | None):
    """Join the attribution of one basis (or use the default); return (query, country, basis)."""
    if not attribution:
        return q, Post.country, Post.country_basis
    pa = aliased(PostAttribution)
    q = q.outerjoin(pa, and_(pa.post_id == Post.id, pa.basis == attribution))
    return q, pa.country, pa.basis


def posts_query(attribution: str | None = None):
    """Posts with group, holder and source snapshot, in :data:`POST_COLUMNS` order.

    The source of a post is the latest snapshot that showed it (``last_snapshot_id``); the
    first one is given too.  Returns ``(query, country column)`` so callers can filter on it.
    """
    snap = aliased(Snapshot)
    q = select().select_from(Post).join(Group, Post.group_id == Group.id)
    q, country, basis = country_under(q, attribution)
    q = q.outerjoin(snap, snap.id == Post.last_snapshot_id).outerjoin(
        Person, Person.id == Post.person_id
    )
    q = q.add_columns(
        Post.id,
        Group.body,
        Group.id,
        Group.code,
        Group.name,
        Post.role,
        Post.role_raw,
        func.coalesce(Person.display_name, Post.holder_label),
        Post.person_id,
        Post.organization_label,
        country,
        basis,
        Post.valid_from,
        Post.valid_to,
        Post.first_snapshot_id,
        snap.id,
        snap.url,
        snap.fetched_at,
    )
    return q, country


def posts_frame(session: Session, query) -> pd.DataFrame:
    """Run a :func:`posts_query` and return its rows, dates as ISO text."""
    df = frame(session.execute(query), POST_COLUMNS)
    for col in _DATE_COLUMNS:
        df[col] = [iso(v) for v in df[col]]
    return df


def latest_observed(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(Snapshot.observed_at)))

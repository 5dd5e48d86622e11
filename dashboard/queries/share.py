"""Share over time for the dashboard, and the posts behind one of its numbers: exactly the
posts (or, for ``vacant``, the groups) that number counts, selected by
:mod:`tracker.queries.share` itself."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.params import ShareParams, auto_freq, parse_date
from dashboard.queries.common import POST_COLUMNS, frame, posts_frame, posts_query
from dashboard.topics import where_for
from db.models import Group, Post, Snapshot
from tracker.queries.filters import active_at
from tracker.queries.share import VACANT, held_posts, vacant_groups
from tracker.queries.timeseries import OTHER, UNATTRIBUTED, share_over_time


def store_span(session: Session) -> tuple[dt.date, dt.date]:
    """First post date and last observation date of the store (today when it is empty)."""
    first = session.scalar(select(func.min(Post.valid_from)))
    last = session.scalar(select(func.max(Snapshot.observed_at)))
    today = dt.date.today()
    return first or last or today, last or today


def resolve_range(session: Session, p: ShareParams) -> tuple[dt.date, dt.date, str]:
    """The (start, end, freq) a share view uses: the params, else the store's span."""
    first, last = store_span(session)
    start = parse_date(p.start) or first
    end = parse_date(p.end) or last
    if end < start:
        start, end = end, start
    return start, end, (auto_freq(start, end) if p.freq == "auto" else p.freq)


def share_frame(session: Session, p: ShareParams) -> pd.DataFrame:
    """Share by country at each date of the view (see ``share_over_time``)."""
    start, end, freq = resolve_range(session, p)
    return share_over_time(
        session,
        start,
        end,
        freq,
        p.post_filter(),
        top_n=p.top,
        weights=p.weight_map(),
        where=where_for(p.topic),
    )


def top_countries(session: Session, p: ShareParams) -> list[str]:
    """The countries shown on their own in the view (the rest are "other")."""
    keys = share_frame(session, p)["country"].unique()
    return [k for k in keys if k not in (OTHER, UNATTRIBUTED, VACANT)]


def posts_behind(session: Session, p: ShareParams, when: dt.date, key: str) -> pd.DataFrame:
    """Exactly what is counted at ``when`` in the share row ``key``, by the rule of
    :func:`tracker.queries.share.share` (its own selection, :func:`held_posts`): one row per
    post key, the source row share takes the country from, for an alpha-2 country,
    ``unattributed`` or ``other`` (every attributed country not shown on its own); for
    ``vacant``, one row per group without a counted secretariat (no holder, no source)."""
    flt, where = p.post_filter(), where_for(p.topic)
    held = list(held_posts(session, when, flt, where))
    if key == VACANT:
        return _vacant_frame(session, when, flt, where, {group.id for _, group, _, _ in held})
    if key == UNATTRIBUTED:
        ids = {post.id for post, _, country, _ in held if country is None}
    elif key == OTHER:
        shown = set(top_countries(session, p))
        ids = {post.id for post, _, country, _ in held if country and country not in shown}
    else:
        ids = {post.id for post, _, country, _ in held if country == key}
    if not ids:
        return frame([], POST_COLUMNS)
    # read the posts held then (no long IN list), keep the counted ones
    q, _ = posts_query(flt.attribution)
    q = q.where(active_at(Post, when), Post.role.in_(flt.role_list()))
    if flt.body:
        q = q.where(Group.body == flt.body)
    df = posts_frame(session, q.order_by(Group.body, Group.code, Post.role, Post.id))
    return df[df["post_id"].isin(ids)].reset_index(drop=True)


def _vacant_frame(session: Session, when: dt.date, flt, where, held: set[int]) -> pd.DataFrame:
    """The groups counted in the ``vacant`` row (secretariat role only), in post columns."""
    vacant = set()
    if flt.role_list() == ("secretariat",):
        vacant = vacant_groups(session, when, flt, held, where)
    q = select(Group.body, Group.id, Group.code, Group.name).where(Group.id.in_(vacant))
    df = frame(session.execute(q.order_by(Group.body, Group.code)), POST_COLUMNS[1:5])
    return df.assign(role="secretariat").reindex(columns=POST_COLUMNS)

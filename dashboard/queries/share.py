"""Share over time for the dashboard, and the posts behind one of its numbers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.params import ShareParams, auto_freq, parse_date
from dashboard.queries.common import posts_frame, posts_query
from dashboard.topics import where_for
from db.models import Group, Post, Snapshot
from tracker.queries.filters import active_at, family_condition, group_active_condition
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
    return [k for k in keys if k not in (OTHER, UNATTRIBUTED)]


def posts_behind(session: Session, p: ShareParams, when: dt.date, key: str) -> pd.DataFrame:
    """The posts counted at ``when`` for a share row: an alpha-2 country, ``unattributed`` or
    ``other`` (every attributed country not shown on its own)."""
    flt = p.post_filter()
    q, country = posts_query(flt.attribution)
    conds = [active_at(Post, when), Post.role.in_(flt.role_list()), *where_for(p.topic)]
    if flt.body:
        conds.append(Group.body == flt.body)
    if flt.group_family:
        conds.append(family_condition(flt.group_family))
    if not flt.include_inactive:
        conds.append(group_active_condition(when))
    if key == UNATTRIBUTED:
        conds.append(country.is_(None))
    elif key == OTHER:
        conds.append(country.is_not(None))
        shown = top_countries(session, p)
        if shown:
            conds.append(country.not_in(shown))
    else:
        conds.append(country == key)
    return posts_frame(
        session, q.where(*conds).order_by(Group.body, Group.code, Post.role, Post.id)
    )

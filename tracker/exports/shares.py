"""Share time series rows (monthly) for export, from the same query the dashboard uses: at each
date the counts of :func:`tracker.queries.share.share` (``unattributed`` and, for the
secretariat role alone, ``vacant`` included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Post
from tracker.queries.filters import PostFilter

SHARE_COLUMNS = ("date", "country", "posts", "share", "basis")


def share_rows(session: Session, flt: PostFilter, since: dt.date | None, until: dt.date | None) -> Iterator[dict]:
    from tracker.queries.timeseries import share_over_time

    if since is None:
        since = session.scalar(select(func.min(Post.valid_from))) or dt.date.today()
    until = until or dt.date.today()
    frame = share_over_time(session, since, until, flt=flt, top_n=1000)
    basis = flt.attribution or "default (fallback order)"
    for rec in frame.to_dict("records"):
        yield {"date": str(rec["date"])[:10], "country": rec["country"], "posts": int(rec["posts"]),
               "share": float(rec["share"]), "basis": basis}

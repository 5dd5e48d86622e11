"""Leadership share by country over time, from one SQL statement.

Every post is an interval ``[valid_from, valid_to)``.  Instead of asking "who held what" once
per date, one statement reads the counted intervals (clipped to the periods their group was
active) and numpy does the interval arithmetic: +1 at the first grid date on or after the
start, -1 at the first grid date on or after the end, a cumulative sum along the grid.  The
count at a grid date is exactly the count :func:`tracker.queries.share.share` gives at that
date, by the same rule:

* one post key counts once, however many sources (scopes) show it: at each grid date under
  the interval covering that date that :func:`tracker.queries.share.held_posts` would keep
  (one with a country first, then the earliest stored, lowest post id), and for the
  ``vacant`` row in that interval's group.  A key with one interval (most) is taken as it
  is; the others are resolved all at once with numpy (:func:`_pieces`);
* over active groups only (the default), a post counts while it overlaps a group version whose
  status is Active (or unstated); groups with no versions at all count as active, as in
  :func:`tracker.queries.filters.group_active_condition`;
* for the secretariat role alone, a ``vacant`` row counts the groups with a version valid at
  the date (Active or unstated unless ``include_inactive``) and no counted post.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Mapping
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, case, cast, or_, select
from sqlalchemy.orm import Session, aliased

from db.models import Group, GroupVersion, Post, PostAttribution
from tracker.normalise.countries import country_name
from tracker.queries.filters import PostFilter, family_condition
from tracker.queries.share import UNATTRIBUTED, VACANT

OTHER = "other"
ALL_ROLES = "*"
COLUMNS = ["date", "country", "name", "posts", "weighted", "share"]
FREQS = {"D": "day", "W-MON": "week", "MS": "month", "QS": "quarter", "YS": "year"}


def _country_column(q, flt: PostFilter):
    """Add the country under the chosen basis (default: each post's own) to a post query."""
    if not flt.attribution:
        return q, Post.country
    pa = aliased(PostAttribution)
    q = q.outerjoin(pa, and_(pa.post_id == Post.id, pa.basis == flt.attribution))
    return q, pa.country


def _group_conditions(flt: PostFilter, where: Iterable = ()) -> list:
    conds = list(where)
    if flt.body:
        conds.append(Group.body == flt.body)
    if flt.group_family:
        conds.append(family_condition(flt.group_family))
    return conds


def intervals_query(
    flt: PostFilter, where: Iterable = (), by_role: bool = True, with_group: bool = True
):
    """``(t0, t1, country, key, post_id[, group_id][, role])`` per counted interval, dates as
    ISO text (t1 null if open).  ``where``: extra conditions on Group (a topic lens, say)."""
    conds = [Post.role.in_(flt.role_list()), *_group_conditions(flt, where)]
    q = select().select_from(Post)
    if len(conds) > 1:
        q = q.join(Group, Post.group_id == Group.id)
    q, country = _country_column(q, flt)
    pf, pt = Post.valid_from, Post.valid_to
    if flt.include_inactive:
        t0, t1 = pf, pt
    else:
        gv = aliased(GroupVersion)
        q = q.outerjoin(
            gv,
            and_(
                gv.group_id == Post.group_id,
                or_(gv.status.is_(None), gv.status == "Active"),
                or_(gv.valid_to.is_(None), pf < gv.valid_to),
                or_(pt.is_(None), gv.valid_from < pt),
            ),
        )
        # NOT IN, not a correlated NOT EXISTS: the correlated form inflates PostgreSQL's cost
        # estimate enough to switch on JIT compilation, which costs more than the query.
        unversioned = Post.group_id.not_in(select(GroupVersion.group_id))
        conds.append(or_(gv.id.is_not(None), unversioned))
        t0 = case((gv.id.is_(None), pf), (pf > gv.valid_from, pf), else_=gv.valid_from)
        t1 = case(
            (gv.id.is_(None), pt),
            (pt.is_(None), gv.valid_to),
            (gv.valid_to.is_(None), pt),
            (pt < gv.valid_to, pt),
            else_=gv.valid_to,
        )
    cols = [
        cast(t0, String).label("t0"),
        cast(t1, String).label("t1"),
        country.label("country"),
        Post.key,
        Post.id,
    ]
    if with_group:
        cols.append(Post.group_id)
    if by_role:
        cols.append(Post.role.label("role"))
    return q.add_columns(*cols).where(*conds)


def versions_query(flt: PostFilter, where: Iterable = ()):
    """``(group_id, t0, t1)`` per group version that makes a group's secretariat vacant when
    no post holds it: Active (or unstated) versions, every version with ``include_inactive``."""
    conds = _group_conditions(flt, where)
    if not flt.include_inactive:
        conds.append(or_(GroupVersion.status.is_(None), GroupVersion.status == "Active"))
    q = select(
        GroupVersion.group_id,
        cast(GroupVersion.valid_from, String),
        cast(GroupVersion.valid_to, String),
    )
    if conds:
        q = q.join(Group, GroupVersion.group_id == Group.id)
    return q.where(*conds)


def date_grid(start: dt.date, end: dt.date, freq: str = "MS") -> pd.DatetimeIndex:
    """The dates to report: ``freq`` steps from ``start`` (aligned) to ``end`` inclusive."""
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while tens of thousands of row tuples are built:
    they hold no cycles, and the collections they trigger would dominate the run time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fetch(session: Session, query) -> list[tuple]:
    """Plain DBAPI tuples (every column is text or int; Row objects cost more than the query)."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _codes(values: tuple) -> tuple[np.ndarray, list]:
    """Integer code of each value and the distinct values (dict lookups: the values repeat)."""
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(index.__getitem__, values), np.int64, len(values)), list(index)


def _slots(grid: np.ndarray, days: tuple) -> np.ndarray:
    """Index of the first grid date on or after each ISO day (``len(grid)`` for null/open).
    Days repeat a lot (snapshot dates), so only the distinct ones are parsed."""
    codes, uniques = _codes(days)
    known = [d for d in uniques if d is not None]
    parsed = pd.to_datetime(pd.Series(known, dtype=object), format="%Y-%m-%d").to_numpy(
        "datetime64[ns]"
    )
    found = iter(np.searchsorted(grid, parsed, side="left"))
    lookup = np.array([len(grid) if d is None else next(found) for d in uniques], dtype=np.int64)
    return lookup[codes]


def _starts(values: np.ndarray) -> np.ndarray:
    """Mask of the first of each run of equal values in a sorted array (``np.unique`` is
    several times slower on large integers: it hashes them)."""
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return first


def _pieces(s0, s1, keys, rank) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each post key counts, and by which of its intervals: ``(from, to, interval)``.

    The start and end slots of a key's intervals cut its time into segments; each segment
    that some interval covers goes to the covering interval of lowest ``rank``.  A key with
    one interval (nearly all) is that interval; for the others, all keys at once, every
    interval is expanded into the segments it covers (a few each) and the lowest rank per
    segment is kept."""
    count = np.bincount(keys)[keys]
    alone, shared = np.flatnonzero(count == 1), np.flatnonzero(count > 1)
    span = int(s1.max()) + 1 if len(s1) else 1
    lo, hi = keys[shared] * span + s0[shared], keys[shared] * span + s1[shared]
    points = np.sort(np.concatenate([lo, hi]))  # each key's boundaries, keys kept apart
    points = points[_starts(points)]
    # segment k runs from points[k] to points[k + 1]: an interval covers ``covers`` of them
    first, covers = np.searchsorted(points, lo), np.searchsorted(points, hi)
    covers -= first
    member = np.repeat(shared, covers)
    offset = np.arange(len(member)) - np.repeat(np.cumsum(covers) - covers, covers)
    segment = np.repeat(first, covers) + offset
    order = np.lexsort((rank[member], segment))
    segment, member = segment[order], member[order]
    lowest = _starts(segment)
    segment, member = segment[lowest], member[lowest]
    return (
        np.concatenate([s0[alone], points[segment] % span]),
        np.concatenate([s1[alone], points[segment + 1] % span]),
        np.concatenate([alone, member]),
    )


def _vacancies(n: int, versions: tuple, held: tuple) -> np.ndarray:
    """Groups vacant at each of ``n`` slots: covered by a version, not by a held interval.
    ``versions`` / ``held``: (group ids, start slots, end slots) arrays."""
    (vg, v0, v1), (hg, h0, h1) = versions, held
    group = np.concatenate([vg, vg, hg, hg])
    slot = np.concatenate([v0, v1, h0, h1])
    ones_v, ones_h = np.ones(len(vg)), np.ones(len(hg))
    d_ver = np.concatenate([ones_v, -ones_v, 0 * ones_h, 0 * ones_h])
    d_held = np.concatenate([0 * ones_v, 0 * ones_v, ones_h, -ones_h])
    points, inverse = np.unique(group.astype(np.int64) * (n + 1) + slot, return_inverse=True)
    # every group's deltas sum to zero, so running sums restart at 0 from one group to the next
    open_versions = np.rint(np.cumsum(np.bincount(inverse, d_ver))).astype(np.int64)
    open_held = np.rint(np.cumsum(np.bincount(inverse, d_held))).astype(np.int64)
    vacant = ((open_versions > 0) & (open_held == 0)).astype(np.int64)
    change = vacant - np.concatenate([[0], vacant[:-1]])  # a group's last point is never vacant
    delta = np.bincount(points % (n + 1), weights=change, minlength=n + 1)
    return np.rint(delta).astype(np.int64)[:-1].cumsum()


def counts_over_time(
    session: Session,
    start: dt.date,
    end: dt.date,
    freq: str = "MS",
    flt: PostFilter | None = None,
    where: Iterable = (),
    by_role: bool = True,
) -> pd.DataFrame:
    """Posts held at each grid date by (country, role): columns date, country, role, posts,
    counted by the rule of :func:`tracker.queries.share.share` (the module docstring says
    how), the ``vacant`` row included.  With ``by_role=False`` roles are not told apart
    (role ``"*"``; less to fetch)."""
    flt = flt or PostFilter()
    grid = date_grid(start, end, freq)
    out = pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "country": pd.Series(dtype=object),
            "role": pd.Series(dtype=object),
            "posts": pd.Series(dtype="int64"),
        }
    )
    if len(grid) == 0:
        return out
    g = grid.to_numpy("datetime64[ns]")
    n = len(g)
    # No date condition in SQL: SQLite would switch to the (valid_from, valid_to) index and read
    # rows one by one, several times slower than a scan; later days fall past the grid below.
    vacancies = flt.role_list() == ("secretariat",)
    with _no_gc():
        rows = _fetch(session, intervals_query(flt, where, by_role, with_group=vacancies))
        columns = list(zip(*rows, strict=True)) if rows else [()] * (5 + vacancies + by_role)
        del rows
    first, last, countries, keys, post_ids = columns[:5]
    s0, s1 = _slots(g, first), _slots(g, last)
    c_codes, c_keys = _codes(countries)
    r_codes, r_keys = _codes(columns[-1]) if by_role else (np.zeros(len(s0), np.int64), [ALL_ROLES])
    code = c_codes * len(r_keys) + r_codes
    k_codes = pd.factorize(pd.Series(keys, dtype=object))[0]
    # unattributed last, then the earliest stored row: the row share() keeps for a post key
    rank = np.asarray(post_ids, dtype=np.int64) + np.where(
        np.asarray([c is None for c in c_keys], dtype=bool)[c_codes], 1 << 62, 0
    ).astype(np.int64)
    live = np.flatnonzero(s0 < s1)  # intervals that hold at no grid date count nowhere
    lo, hi, which = _pieces(s0[live], s1[live], k_codes[live], rank[live])
    which = live[which]
    width = len(c_keys) * len(r_keys)
    delta = np.bincount(
        np.concatenate([lo, hi]) * width + np.tile(code[which], 2),
        weights=np.repeat([1, -1], len(lo)),
        minlength=(n + 1) * width,
    )
    held = np.rint(delta).astype(np.int64).reshape(n + 1, width)[:-1].cumsum(axis=0)
    slot, cell = np.nonzero(held)
    frames = [
        pd.DataFrame(
            {
                "date": grid[slot],
                "country": pd.Series(
                    np.asarray(c_keys, dtype=object)[cell // len(r_keys)], dtype=object
                )
                .fillna(UNATTRIBUTED)
                .to_numpy(),
                "role": np.asarray(r_keys, dtype=object)[cell % len(r_keys)],
                "posts": held[slot, cell],
            }
        )
    ]
    if vacancies:
        versions = session.execute(versions_query(flt, where)).all()
        vg, v0, v1 = zip(*versions, strict=True) if versions else ((), (), ())
        vacant = _vacancies(
            n,
            (np.asarray(vg, dtype=np.int64), _slots(g, v0), _slots(g, v1)),
            (np.asarray(columns[5], dtype=np.int64)[which], lo, hi),
        )
        at = np.flatnonzero(vacant)
        frames.append(
            pd.DataFrame(
                {
                    "date": grid[at],
                    "country": VACANT,
                    "role": "secretariat" if by_role else ALL_ROLES,
                    "posts": vacant[at],
                }
            )
        )
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else out


def fold(
    counts: pd.DataFrame,
    grid: pd.DatetimeIndex,
    top_n: int = 8,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Weight by role, keep the ``top_n`` countries, fold the rest into ``other``; the
    ``unattributed`` row is kept at every date, even when zero, and so is the ``vacant`` row
    when there is one (it counts in the total, as in :func:`tracker.queries.share.share`)."""
    weights = weights or {}
    c = counts.copy()
    c["weighted"] = c["posts"] * c["role"].map(lambda r: float(weights.get(r, 1.0))).astype(float)
    by_country = c.groupby(["date", "country"], as_index=False)[["posts", "weighted"]].sum()
    special = [UNATTRIBUTED] + ([VACANT] if (by_country["country"] == VACANT).any() else [])
    attributed = by_country[~by_country["country"].isin(special)]
    totals = attributed.groupby("country")["weighted"].sum()
    ranked = sorted(totals.index, key=lambda k: (-totals[k], k))
    top = ranked[: max(top_n, 0)]
    by_country["country"] = by_country["country"].where(
        by_country["country"].isin(top + special), OTHER
    )
    out = by_country.groupby(["date", "country"], as_index=False)[["posts", "weighted"]].sum()
    order = top + ([OTHER] if len(ranked) > len(top) else [])
    full = pd.MultiIndex.from_product([grid, order + special], names=["date", "country"])
    out = out.set_index(["date", "country"]).reindex(full, fill_value=0).reset_index()
    out["posts"] = out["posts"].astype("int64")
    out["weighted"] = out["weighted"].astype(float)
    total = out.groupby("date")["weighted"].transform("sum")
    out["share"] = (out["weighted"] / total.where(total > 0)).fillna(0.0).round(4)
    out["name"] = out["country"].map(country_label)
    return out[COLUMNS]


def country_label(key: str) -> str:
    """Display name of a share row's key (alpha-2, ``other``, ``unattributed``, ``vacant``)."""
    labels = {UNATTRIBUTED: "Unattributed", OTHER: "Other countries", VACANT: "No holder listed"}
    return labels.get(key) or country_name(key) or key


def share_over_time(
    session: Session,
    start: dt.date,
    end: dt.date,
    freq: str = "MS",
    flt: PostFilter | None = None,
    top_n: int = 8,
    weights: Mapping[str, float] | None = None,
    where: Iterable = (),
) -> pd.DataFrame:
    """Share of leadership posts by country at each ``freq`` date in ``[start, end]``.

    One row per (date, country): ``posts`` (count), ``weighted`` (count × role weight, default
    1) and ``share`` (weighted share of that date's total).  At every date the counts are
    those of :func:`tracker.queries.share.share` at that date.  Countries beyond the ``top_n``
    largest over the period form ``other``; posts with no country under the chosen basis form
    ``unattributed`` (present at every date); for the secretariat role alone, groups without a
    secretariat form ``vacant``.  ``where``: extra conditions on Group (a topic lens).
    """
    grid = date_grid(start, end, freq)
    by_role = any(w != 1 for w in (weights or {}).values())
    counts = counts_over_time(session, start, end, freq, flt, where, by_role)
    return fold(counts, grid, top_n, weights if by_role else None)


__all__ = [
    "ALL_ROLES",
    "COLUMNS",
    "FREQS",
    "OTHER",
    "UNATTRIBUTED",
    "VACANT",
    "counts_over_time",
    "country_label",
    "date_grid",
    "fold",
    "intervals_query",
    "share_over_time",
    "versions_query",
]

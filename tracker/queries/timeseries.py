"""Leadership share by country over time, from one SQL statement.

Every post is an interval ``[valid_from, valid_to)``.  Instead of asking "who held what" once
per date, one statement reads the counted intervals (clipped to the periods their group was
active) and numpy does the interval arithmetic: +1 at the first grid date on or after the
start, -1 at the first grid date on or after the end, a cumulative sum along the grid.  The
count at a grid date is exactly the number of posts held on that date, by the rule of
:func:`tracker.queries.share.share`.

Two equivalent forms of the statement, picked by dialect for speed: ``deltas`` lets the
database sum the +1/-1 per (day, country, role) (PostgreSQL hashes that cheaply);
``intervals`` returns the intervals themselves (SQLite sorts slowly, and fetching is cheaper).

Over active groups only (the default), a post counts while it overlaps a group version whose
status is Active (or unstated); groups with no versions at all count as active, as in
:func:`tracker.queries.filters.group_active_condition`.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Mapping
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import String, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from db.models import Group, GroupVersion, Post, PostAttribution
from tracker.normalise.countries import country_name
from tracker.queries.filters import PostFilter, family_condition

UNATTRIBUTED = "unattributed"
OTHER = "other"
ALL_ROLES = "*"
COLUMNS = ["date", "country", "name", "posts", "weighted", "share"]
FREQS = {"D": "day", "W-MON": "week", "MS": "month", "QS": "quarter", "YS": "year"}
STRATEGIES = ("intervals", "deltas")


def _country_column(q, flt: PostFilter):
    """Add the country under the chosen basis (default: each post's own) to a post query."""
    if not flt.attribution:
        return q, Post.country
    pa = aliased(PostAttribution)
    q = q.outerjoin(pa, and_(pa.post_id == Post.id, pa.basis == flt.attribution))
    return q, pa.country


def intervals_query(flt: PostFilter, where: Iterable = (), by_role: bool = True):
    """``(t0, t1, country[, role])`` per counted interval, dates as ISO text (t1 null if open).
    ``where``: extra conditions on Post / Group (a topic lens, say)."""
    conds = [Post.role.in_(flt.role_list()), *where]
    q = select().select_from(Post)
    if len(conds) > 1 or flt.body or flt.group_family:
        q = q.join(Group, Post.group_id == Group.id)
    if flt.body:
        conds.append(Group.body == flt.body)
    if flt.group_family:
        conds.append(family_condition(flt.group_family))
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
    cols = [cast(t0, String).label("t0"), cast(t1, String).label("t1"), country.label("country")]
    if by_role:
        cols.append(Post.role.label("role"))
    return q.add_columns(*cols).where(*conds)


def deltas_query(flt: PostFilter, where: Iterable = (), by_role: bool = True):
    """``(day, delta, country[, role])``: the net change in posts held, per day."""
    where = list(where)
    a = intervals_query(flt, where, by_role).subquery("a")
    b = intervals_query(flt, where, by_role).subquery("b")
    keys_a = [a.c.country] + ([a.c.role] if by_role else [])
    keys_b = [b.c.country] + ([b.c.role] if by_role else [])
    u = union_all(
        select(a.c.t0.label("day"), literal(1).label("delta"), *keys_a),
        select(b.c.t1, literal(-1), *keys_b).where(b.c.t1.is_not(None)),
    ).subquery("u")
    keys = [u.c.country] + ([u.c.role] if by_role else [])
    return select(u.c.day, func.sum(u.c.delta), *keys).group_by(u.c.day, *keys)


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


def counts_over_time(
    session: Session,
    start: dt.date,
    end: dt.date,
    freq: str = "MS",
    flt: PostFilter | None = None,
    where: Iterable = (),
    strategy: str | None = None,
    by_role: bool = True,
) -> pd.DataFrame:
    """Posts held at each grid date by (country, role): columns date, country, role, posts.
    With ``by_role=False`` roles are not told apart (role ``"*"``; less to fetch)."""
    flt = flt or PostFilter()
    grid = date_grid(start, end, freq)
    strategy = strategy or (
        "deltas" if session.get_bind().dialect.name == "postgresql" else "intervals"
    )
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
    # No date condition in SQL: SQLite would switch to the (valid_from, valid_to) index and read
    # rows one by one, several times slower than a scan; later days fall past the grid below.
    build = deltas_query if strategy == "deltas" else intervals_query
    with _no_gc():
        rows = _fetch(session, build(flt, where, by_role))
        if not rows:
            return out
        first, second, countries, *roles = zip(*rows, strict=True)
        del rows
    g = grid.to_numpy("datetime64[ns]")
    c_codes, c_keys = _codes(countries)
    r_codes, r_keys = _codes(roles[0]) if by_role else (np.zeros(len(first), np.int64), [ALL_ROLES])
    code = c_codes * len(r_keys) + r_codes
    if strategy == "deltas":
        slots, weights = _slots(g, first), np.asarray(second, dtype=np.int64)
    else:
        slots = np.concatenate([_slots(g, first), _slots(g, second)])
        code = np.concatenate([code, code])
        weights = np.repeat(np.array([1, -1], dtype=np.int64), len(first))
    width = len(c_keys) * len(r_keys)
    delta = np.bincount(slots * width + code, weights=weights, minlength=(len(g) + 1) * width)
    held = np.rint(delta).astype(np.int64).reshape(len(g) + 1, width)[:-1].cumsum(axis=0)
    slot, cell = np.nonzero(held)
    countries_out = pd.Series(np.asarray(c_keys, dtype=object)[cell // len(r_keys)], dtype=object)
    return pd.DataFrame(
        {
            "date": grid[slot],
            "country": countries_out.fillna(UNATTRIBUTED).to_numpy(),
            "role": np.asarray(r_keys, dtype=object)[cell % len(r_keys)],
            "posts": held[slot, cell],
        }
    )


def fold(
    counts: pd.DataFrame,
    grid: pd.DatetimeIndex,
    top_n: int = 8,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Weight by role, keep the ``top_n`` countries, fold the rest into ``other``; the
    ``unattributed`` row is kept at every date, even when zero."""
    weights = weights or {}
    c = counts.copy()
    c["weighted"] = c["posts"] * c["role"].map(lambda r: float(weights.get(r, 1.0))).astype(float)
    by_country = c.groupby(["date", "country"], as_index=False)[["posts", "weighted"]].sum()
    attributed = by_country[by_country["country"] != UNATTRIBUTED]
    totals = attributed.groupby("country")["weighted"].sum()
    ranked = sorted(totals.index, key=lambda k: (-totals[k], k))
    keep = set(ranked[: max(top_n, 0)])
    by_country["country"] = by_country["country"].where(
        by_country["country"].isin(keep) | (by_country["country"] == UNATTRIBUTED), OTHER
    )
    out = by_country.groupby(["date", "country"], as_index=False)[["posts", "weighted"]].sum()
    order = [k for k in ranked if k in keep] + ([OTHER] if len(ranked) > len(keep) else [])
    full = pd.MultiIndex.from_product([grid, order + [UNATTRIBUTED]], names=["date", "country"])
    out = out.set_index(["date", "country"]).reindex(full, fill_value=0).reset_index()
    out["posts"] = out["posts"].astype("int64")
    out["weighted"] = out["weighted"].astype(float)
    total = out.groupby("date")["weighted"].transform("sum")
    out["share"] = (out["weighted"] / total.where(total > 0)).fillna(0.0).round(4)
    out["name"] = out["country"].map(country_label)
    return out[COLUMNS]


def country_label(key: str) -> str:
    """Display name of a share row's key (alpha-2, ``other`` or ``unattributed``)."""
    if key == UNATTRIBUTED:
        return "Unattributed"
    if key == OTHER:
        return "Other countries"
    return country_name(key) or key


def share_over_time(
    session: Session,
    start: dt.date,
    end: dt.date,
    freq: str = "MS",
    flt: PostFilter | None = None,
    top_n: int = 8,
    weights: Mapping[str, float] | None = None,
    where: Iterable = (),
    strategy: str | None = None,
) -> pd.DataFrame:
    """Share of leadership posts by country at each ``freq`` date in ``[start, end]``.

    One row per (date, country): ``posts`` (count), ``weighted`` (count × role weight, default
    1) and ``share`` (weighted share of that date's total).  Countries beyond the ``top_n``
    largest over the period form ``other``; posts with no country under the chosen basis form
    ``unattributed`` (present at every date).  ``where``: extra conditions on Post / Group.
    """
    grid = date_grid(start, end, freq)
    by_role = any(w != 1 for w in (weights or {}).values())
    counts = counts_over_time(session, start, end, freq, flt, where, strategy, by_role)
    return fold(counts, grid, top_n, weights if by_role else None)


__all__ = [
    "ALL_ROLES",
    "COLUMNS",
    "FREQS",
    "OTHER",
    "STRATEGIES",
    "UNATTRIBUTED",
    "counts_over_time",
    "country_label",
    "date_grid",
    "deltas_query",
    "fold",
    "intervals_query",
    "share_over_time",
]

"""Holdings and share by country at a date, under a chosen attribution basis.

The counting rule, which :mod:`tracker.queries.timeseries` reproduces at every date of a
series: a post counts at ``when`` if one of its intervals holds then (``valid_from <= when <
valid_to``), its role is one of the filter's, and its group passes the filter (active then
unless ``include_inactive``); one post key counts once however many sources show it
(:func:`held_posts`).  For the secretariat role alone, groups with a group version valid then
and no counted post are the ``vacant`` row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from db.models import Group, GroupVersion, MemberBody, Post, PostAttribution
from tracker.normalise.countries import country_name
from tracker.queries.filters import PostFilter, active_at, family_condition, group_active_condition

UNATTRIBUTED = "unattributed"
VACANT = "vacant"


@dataclass
class ShareRow:
    country: str  # alpha-2, "unattributed" or "vacant"
    name: str
    holders: str
    posts: int
    share: float
    basis: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _group_filters(flt: PostFilter, when: dt.date, where: Iterable = ()) -> list:
    conds = list(where)
    if flt.body:
        conds.append(Group.body == flt.body)
    if flt.group_family:
        conds.append(family_condition(flt.group_family))
    if not flt.include_inactive:
        conds.append(group_active_condition(when))
    return conds


def posts_at(session: Session, when: dt.date, flt: PostFilter, where: Iterable = ()):
    """(Post, Group, country, basis) rows for posts held at ``when`` under the filter, every
    row of every source, ordered by post key and then by :func:`held_posts`' preference.
    ``where``: extra conditions on Group (the dashboard's topic lens)."""
    if flt.attribution:
        pa = aliased(PostAttribution)
        country_col, basis_col = pa.country, func.coalesce(pa.basis, flt.attribution)
        q = select(Post, Group, country_col, basis_col).outerjoin(
            pa, and_(pa.post_id == Post.id, pa.basis == flt.attribution)
        )
    else:
        country_col = Post.country
        q = select(Post, Group, Post.country, Post.country_basis)
    q = q.join(Group, Post.group_id == Group.id).where(
        active_at(Post, when), Post.role.in_(flt.role_list()), *_group_filters(flt, when, where)
    )
    return session.execute(q.order_by(Post.key, country_col.is_(None), Post.id))


def held_posts(session: Session, when: dt.date, flt: PostFilter, where: Iterable = ()):
    """The posts counted at ``when``: one (Post, Group, country, basis) row per post key.

    A post shown by two sources (ISO Open Data and the committee page, a crawl and a curated
    file) has one row per source but counts once.  Its country is that of the row with a
    country under the chosen basis, the earliest stored such row when several have one (the
    same rule as :func:`tracker.queries.timeseries.counts_over_time`)."""
    seen: set[str] = set()
    for row in posts_at(session, when, flt, where):
        if row[0].key not in seen:
            seen.add(row[0].key)
            yield row


def vacant_groups(
    session: Session, when: dt.date, flt: PostFilter, held: set[int], where: Iterable = ()
) -> set[int]:
    """Secretariat vacancies at ``when``: the ids of the groups under the filter with a
    version valid then (Active or unstated unless ``include_inactive``) that are not in
    ``held`` (the groups with a counted post).  Groups known only from posts (no versions)
    are never vacant."""
    candidates = session.scalars(
        select(Group.id).where(
            *_group_filters(flt, when, where),
            select(GroupVersion.id)
            .where(GroupVersion.group_id == Group.id, active_at(GroupVersion, when))
            .exists(),
        )
    )
    return set(candidates) - held


def share(session: Session, when: dt.date, flt: PostFilter) -> list[ShareRow]:
    """Holdings by country at ``when``; the unattributed part and vacant slots are rows too."""
    counts: dict[str, int] = defaultdict(int)
    holders: dict[str, set[str]] = defaultdict(set)
    bases: dict[str, set[str]] = defaultdict(set)
    member_bodies = dict(session.execute(select(MemberBody.id, MemberBody.acronym)).all())
    groups_with_post: set[int] = set()
    for post, group, country, basis in held_posts(session, when, flt):
        key = country or UNATTRIBUTED
        counts[key] += 1
        groups_with_post.add(group.id)
        if post.member_body_id:
            holders[key].add(member_bodies.get(post.member_body_id, "?"))
        if basis:
            bases[key].add(basis)
    if flt.role_list() == ("secretariat",):
        vacant = len(vacant_groups(session, when, flt, groups_with_post))
        if vacant > 0:
            counts[VACANT] = vacant
    total = sum(counts.values())
    rows = []
    for key, n in counts.items():
        name = (
            {UNATTRIBUTED: "Unattributed", VACANT: "No holder listed"}.get(key)
            or country_name(key)
            or key
        )
        rows.append(
            ShareRow(
                country=key,
                name=name,
                holders=" ".join(sorted(holders[key])),
                posts=n,
                share=round(n / total, 4) if total else 0.0,
                basis="/".join(sorted(bases[key])) or (flt.attribution or ""),
            )
        )
    special = {UNATTRIBUTED: 1, VACANT: 2}
    rows.sort(key=lambda r: (special.get(r.country, 0), -r.posts, r.country))
    return rows

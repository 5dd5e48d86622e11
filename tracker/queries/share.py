"""Holdings and share by country at a date, under a chosen attribution basis."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
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


def _group_filters(flt: PostFilter, when: dt.date) -> list:
    conds = []
    if flt.body:
        conds.append(Group.body == flt.body)
    if flt.group_family:
        conds.append(family_condition(flt.group_family))
    if not flt.include_inactive:
        conds.append(group_active_condition(when))
    return conds


def posts_at(session: Session, when: dt.date, flt: PostFilter):
    """(Post, Group, country, basis) rows for posts held at ``when`` under the filter."""
    if flt.attribution:
        pa = aliased(PostAttribution)
        country_col, basis_col = pa.country, func.coalesce(pa.basis, flt.attribution)
        q = select(Post, Group, country_col, basis_col).outerjoin(
            pa, and_(pa.post_id == Post.id, pa.basis == flt.attribution)
        )
    else:
        q = select(Post, Group, Post.country, Post.country_basis)
    q = q.join(Group, Post.group_id == Group.id).where(
        active_at(Post, when), Post.role.in_(flt.role_list()), *_group_filters(flt, when)
    )
    return session.execute(q)


def share(session: Session, when: dt.date, flt: PostFilter) -> list[ShareRow]:
    """Holdings by country at ``when``; the unattributed part and vacant slots are rows too."""
    counts: dict[str, int] = defaultdict(int)
    holders: dict[str, set[str]] = defaultdict(set)
    bases: dict[str, set[str]] = defaultdict(set)
    member_bodies = dict(session.execute(select(MemberBody.id, MemberBody.acronym)).all())
    groups_with_post: set[int] = set()
    seen: set[str] = set()
    for post, group, country, basis in posts_at(session, when, flt):
        if post.key in seen:  # the same post seen through two sources counts once
            continue
        seen.add(post.key)
        key = country or UNATTRIBUTED
        counts[key] += 1
        groups_with_post.add(group.id)
        if post.member_body_id:
            holders[key].add(member_bodies.get(post.member_body_id, "?"))
        if basis:
            bases[key].add(basis)
    if flt.role_list() == ("secretariat",):
        active = session.scalar(
            select(func.count(Group.id)).where(
                *_group_filters(flt, when),
                select(GroupVersion.id).where(
                    GroupVersion.group_id == Group.id, active_at(GroupVersion, when)
                ).exists(),
            )
        )
        vacant = (active or 0) - len(groups_with_post)
        if vacant > 0:
            counts[VACANT] = vacant
    total = sum(counts.values())
    rows = []
    for key, n in counts.items():
        name = {UNATTRIBUTED: "Unattributed", VACANT: "No holder listed"}.get(key) or country_name(key) or key
        rows.append(ShareRow(
            country=key, name=name, holders=" ".join(sorted(holders[key])), posts=n,
            share=round(n / total, 4) if total else 0.0,
            basis="/".join(sorted(bases[key])) or (flt.attribution or ""),
        ))
    special = {UNATTRIBUTED: 1, VACANT: 2}
    rows.sort(key=lambda r: (special.get(r.country, 0), -r.posts, r.country))
    return rows

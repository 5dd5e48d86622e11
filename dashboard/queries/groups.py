"""A group's page: identity, place in the tree, officers now and over time, versions, events."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from dashboard.queries.common import frame, iso, posts_frame, posts_query
from db.models import ChangeEvent, Group, GroupVersion, Post, Snapshot

TREE_LIMIT = 400
VERSION_COLUMNS = [
    "code",
    "name",
    "status",
    "parent",
    "valid_from",
    "valid_to",
    "source_snapshot_id",
    "source_url",
    "retrieved_at",
]
EVENT_COLUMNS = [
    "after_date",
    "before_date",
    "kind",
    "role",
    "holder",
    "country",
    "previous_holder",
    "previous_country",
    "after_snapshot_id",
    "source_url",
    "retrieved_at",
]


def search_groups(
    session: Session, text: str = "", body: str = "", limit: int = 100
) -> pd.DataFrame:
    """Groups whose code or name contains ``text`` (case-insensitive), by body and code."""
    q = select(Group.id, Group.body, Group.code, Group.name, Group.status)
    if body:
        q = q.where(Group.body == body)
    if text:
        pattern = f"%{text.lower()}%"
        q = q.where(or_(func.lower(Group.code).like(pattern), func.lower(Group.name).like(pattern)))
    q = q.order_by(Group.body, Group.code).limit(limit)
    return frame(session.execute(q), ["id", "body", "code", "name", "status"])


def group_info(session: Session, gid: int) -> dict | None:
    """The group's fields, its chain of parents (root first) and its subtree (pre-order)."""
    group = session.get(Group, gid)
    if group is None:
        return None
    rows = session.execute(
        select(Group.id, Group.parent_id, Group.code, Group.name, Group.status).where(
            Group.body == group.body
        )
    ).all()
    by_id = {r.id: r for r in rows}
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    ancestors, seen, parent = [], {gid}, group.parent_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        ancestors.insert(0, {"id": parent, "code": by_id[parent].code})
        parent = by_id[parent].parent_id
    tree: list[dict] = []
    stack = [(c, 1) for c in sorted(children.get(gid, []), key=lambda r: r.code, reverse=True)]
    while stack and len(tree) < TREE_LIMIT:
        node, depth = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        tree.append(
            {
                "id": node.id,
                "code": node.code,
                "name": node.name,
                "status": node.status,
                "depth": depth,
            }
        )
        stack.extend(
            (c, depth + 1)
            for c in sorted(children.get(node.id, []), key=lambda r: r.code, reverse=True)
        )
    return {
        "id": group.id,
        "body": group.body,
        "code": group.code,
        "name": group.name,
        "kind": group.kind,
        "status": group.status,
        "created_on": group.created_on,
        "closed_on": group.closed_on,
        "ancestors": ancestors,
        "tree": tree,
        "tree_truncated": bool(stack),
    }


def officers(session: Session, gid: int) -> pd.DataFrame:
    """Posts of the group still open (held at the last snapshot that covered it)."""
    q, _ = posts_query()
    return posts_frame(
        session, q.where(Post.group_id == gid, Post.valid_to.is_(None)).order_by(Post.role, Post.id)
    )


def post_history(session: Session, gid: int) -> pd.DataFrame:
    """Every post interval of the group, oldest first."""
    q, _ = posts_query()
    return posts_frame(
        session, q.where(Post.group_id == gid).order_by(Post.valid_from, Post.role, Post.id)
    )


def versions(session: Session, gid: int) -> pd.DataFrame:
    """The group's dated states (code, name, status, parent), with the snapshot that showed each."""
    q = (
        select(
            GroupVersion.code,
            GroupVersion.name,
            GroupVersion.status,
            GroupVersion.parent_code,
            GroupVersion.valid_from,
            GroupVersion.valid_to,
            Snapshot.id,
            Snapshot.url,
            Snapshot.fetched_at,
        )
        .join(Snapshot, Snapshot.id == GroupVersion.first_snapshot_id)
        .where(GroupVersion.group_id == gid)
        .order_by(GroupVersion.valid_from, GroupVersion.id)
    )
    rows = [(*r[:4], iso(r[4]), iso(r[5]), r[6], r[7], iso(r[8])) for r in session.execute(q)]
    return frame(rows, VERSION_COLUMNS)


def group_events(session: Session, gid: int) -> pd.DataFrame:
    """Change events of the group, newest first, with the snapshot that showed the change."""
    after = aliased(Snapshot)
    q = (
        select(
            ChangeEvent.after_date,
            ChangeEvent.before_date,
            ChangeEvent.kind,
            ChangeEvent.role,
            ChangeEvent.holder,
            ChangeEvent.country,
            ChangeEvent.previous_holder,
            ChangeEvent.previous_country,
            after.id,
            after.url,
            after.fetched_at,
        )
        .join(after, after.id == ChangeEvent.after_snapshot_id)
        .where(ChangeEvent.group_id == gid)
        .order_by(ChangeEvent.after_date.desc(), ChangeEvent.id.desc())
    )
    rows = [(iso(r[0]), iso(r[1]), *r[2:10], iso(r[10])) for r in session.execute(q)]
    return frame(rows, EVENT_COLUMNS)

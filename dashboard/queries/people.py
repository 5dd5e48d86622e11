"""A person's page: names as printed, and every post held, across bodies, over time."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dashboard.queries.common import frame, posts_frame, posts_query
from db.models import Group, Person, PersonAlias, Post


def search_people(session: Session, text: str = "", limit: int = 100) -> pd.DataFrame:
    """People whose name (or a printed alias) contains ``text``, with their number of posts."""
    posts = (
        select(Post.person_id, func.count(Post.id).label("n"))
        .where(Post.person_id.is_not(None))
        .group_by(Post.person_id)
        .subquery()
    )
    q = select(Person.id, Person.display_name, func.coalesce(posts.c.n, 0)).outerjoin(
        posts, posts.c.person_id == Person.id
    )
    if text:
        pattern = f"%{text.lower()}%"
        aliases = select(PersonAlias.person_id).where(func.lower(PersonAlias.raw).like(pattern))
        q = q.where(or_(func.lower(Person.display_name).like(pattern), Person.id.in_(aliases)))
    q = q.order_by(Person.display_name, Person.id).limit(limit)
    return frame(session.execute(q), ["id", "name", "posts"])


def person_info(session: Session, pid: int) -> dict | None:
    person = session.get(Person, pid)
    if person is None:
        return None
    aliases = session.scalars(
        select(PersonAlias.raw).where(PersonAlias.person_id == pid).order_by(PersonAlias.raw)
    ).all()
    bodies = session.scalars(
        select(Group.body)
        .join(Post, Post.group_id == Group.id)
        .where(Post.person_id == pid)
        .distinct()
        .order_by(Group.body)
    ).all()
    return {
        "id": person.id,
        "name": person.display_name,
        "given": person.given,
        "family": person.family,
        "aliases": list(aliases),
        "bodies": list(bodies),
    }


def person_posts(session: Session, pid: int) -> pd.DataFrame:
    """Every post interval the person held, in any body, oldest first."""
    q, _ = posts_query()
    return posts_frame(
        session, q.where(Post.person_id == pid).order_by(Post.valid_from, Group.body, Group.code)
    )

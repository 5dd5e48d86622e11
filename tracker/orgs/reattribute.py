"""Recompute the country bases of what is stored: after an analyst changes who is who, or
after the attribution fallback order of ``config/tracker.toml`` changed.

The importer fixes a post's default country (``country``, ``country_basis``) when it imports
it, under the fallback order of that day, and keeps it while the post is unchanged;
:func:`reattribute` (``sso-tracker orgs reattribute``) brings every stored post, and the
change events that copy its country, in line with the current registry and order.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.models import ChangeEvent, Document, DocumentSource, Post, PostAttribution
from tracker.config import load_settings
from tracker.ingest.attribution import default_country, record_bases
from tracker.ingest.proposals import _source_country, recount
from tracker.ingest.resolve import Resolver


def reattribute(session: Session) -> tuple[int, int]:
    """Re-resolve the organisations of every post and contribution source, and recompute the
    default country of every post under the current fallback order; returns the numbers of
    posts and sources whose organisation or country changed."""
    resolver, fallback = Resolver(session), load_settings().fallback
    stored: dict[int, list[PostAttribution]] = defaultdict(list)
    for attribution in session.scalars(select(PostAttribution)):
        stored[attribution.post_id].append(attribution)
    changed: list[Post] = []
    for post in session.scalars(select(Post)):
        bases = [(a.basis, a.country, a.detail, a.derived) for a in stored.get(post.id, [])]
        moved = False
        if post.organization_label is not None:
            fresh, org_id, _ = record_bases(dict(post.attrs or {}), resolver)
            if org_id != post.organization_id or {(b, c) for b, c, _d, _x in fresh} != {
                (b, c) for b, c, _d, _x in bases
            }:
                post.organization_id = org_id
                post.attributions.clear()
                session.flush()  # old rows go before new ones take their (post, basis) slot
                post.attributions = [
                    PostAttribution(basis=b, country=c, detail=d, derived=x) for b, c, d, x in fresh
                ]
                bases, moved = fresh, True
        country, basis = default_country(bases, fallback)
        if (country, basis) != (post.country, post.country_basis):
            post.country, post.country_basis = country, basis
            moved = True
        if moved:
            changed.append(post)
    session.flush()
    _event_countries(session, changed)
    sources_changed, touched = 0, set()
    rows = session.execute(select(DocumentSource, Document.group_id, Document.meeting)
                           .join(Document, DocumentSource.document_id == Document.id)).all()
    for src, group_id, meeting in rows:
        country, basis, org_id = _source_country(src.label, resolver)
        if (country, basis, org_id) != (src.country, src.country_basis, src.organization_id):
            src.country, src.country_basis, src.organization_id = country, basis, org_id
            sources_changed += 1
            touched.add((group_id, meeting or ""))
    session.flush()
    for group_id, meeting in touched:
        recount(session, group_id, meeting)
    return len(changed), sources_changed


def _event_countries(session: Session, posts: list[Post]) -> None:
    """Change events copy their posts' default countries: copy the new ones."""
    if not posts:
        return
    table = ChangeEvent.__table__
    values = [{"pid": p.id, "new_country": p.country} for p in posts]
    for column, ref in (("country", table.c.post_id), ("previous_country", table.c.previous_post_id)):
        session.execute(
            table.update().where(ref == bindparam("pid")).values({column: bindparam("new_country")}),
            values,
        )

"""After an analyst changes who is who, recompute the country bases of what is stored."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Document, DocumentSource, Post, PostAttribution
from tracker.config import load_settings
from tracker.ingest.attribution import default_country, record_bases
from tracker.ingest.proposals import _source_country, recount
from tracker.ingest.resolve import Resolver


def reattribute(session: Session) -> tuple[int, int]:
    """Re-resolve the organisations of every post and contribution source; returns the
    numbers of posts and sources whose organisation or country changed."""
    resolver, fallback = Resolver(session), load_settings().fallback
    posts_changed = 0
    for post in session.scalars(select(Post).where(Post.organization_label.is_not(None))):
        rec = dict(post.attrs or {})
        bases, org_id, _ = record_bases(rec, resolver)
        country, basis = default_country(bases, fallback)
        old = {(a.basis, a.country) for a in post.attributions}
        if org_id == post.organization_id and old == {(b, c) for b, c, _d, _x in bases}:
            continue
        post.organization_id = org_id
        post.attributions.clear()
        session.flush()  # old rows go before new ones take their (post, basis) slot
        post.attributions = [PostAttribution(basis=b, country=c, detail=d, derived=x) for b, c, d, x in bases]
        post.country, post.country_basis = country, basis
        posts_changed += 1
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
    return posts_changed, sources_changed

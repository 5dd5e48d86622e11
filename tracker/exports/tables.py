"""Row generators for each export.  Rows of stored facts (posts, events, proposals, groups)
carry the source URL and retrieval time of the page they come from, and the attribution basis
is a column; organisations carry the registry they come from (``source``).  Aggregates
(``shares``, ``proposal-counts``) carry none: their rows are counts over posts and documents,
whose exports hold the provenance.  Queries stream (``yield_per``) so memory stays flat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    Document,
    DocumentSource,
    Group,
    GroupVersion,
    MemberBody,
    Organization,
    Post,
    PostAttribution,
    ProposalCount,
    Snapshot,
)
from tracker.config import ATTRIBUTION_MODES
from tracker.queries.filters import PostFilter, active_at, family_condition
from tracker.queries.share import held_posts

POST_COLUMNS = (
    "post_id", "body", "group", "group_name", "role", "role_raw", "holder_kind", "holder",
    "organization", "member_body", "country", "country_basis",
    *[f"country_{m}" for m in ATTRIBUTION_MODES],
    "valid_from", "valid_to", "start_date", "end_date", "expected_end",
    "source_url", "retrieved_at", "first_seen_url", "first_retrieved_at", "scope",
)
EVENT_COLUMNS = (
    "event_id", "kind", "body", "group", "role", "holder", "country", "previous_holder",
    "previous_country", "country_basis", "previous_country_basis", "before_date", "after_date",
    "source_url", "retrieved_at", "previous_source_url", "scope",
)
PROPOSAL_COLUMNS = (
    "body", "group", "meeting", "document", "title", "type", "status", "countable", "source_entity",
    "n_sources", "country", "country_basis", "source_url", "retrieved_at",
)
GROUP_COLUMNS = ("group_id", "body", "code", "name", "kind", "parent", "status", "created_on",
                 "closed_on", "families", "source_url", "retrieved_at")
ORG_COLUMNS = ("organization_id", "key", "name", "kind", "parent", "registration_country",
               "hq_country", "partner_org", "source")


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()


def posts(session: Session, flt: PostFilter, as_of: dt.date | None = None) -> Iterator[dict]:
    """Post rows.  Without ``as_of``: the full history, one row per stored interval (every
    role unless ``flt.roles`` names some; a post shown by two sources has a row per source).
    With ``as_of``: exactly the posts :func:`tracker.queries.share.share` counts at that date
    under ``flt`` (leadership roles, active groups unless ``include_inactive``, one row per
    post however many sources show it, the row share takes its country from)."""
    first, last = aliased(Snapshot), aliased(Snapshot)
    q = (
        select(Post, Group.body, Group.code, Group.name, MemberBody.acronym,
               first.url, first.fetched_at, last.url, last.fetched_at)
        .join(Group, Post.group_id == Group.id)
        .join(first, Post.first_snapshot_id == first.id)
        .join(last, Post.last_snapshot_id == last.id)
        .outerjoin(MemberBody, Post.member_body_id == MemberBody.id)
        .order_by(Group.body, Group.code, Post.role, Post.valid_from, Post.id)
    )
    if flt.body:
        q = q.where(Group.body == flt.body)
    if flt.roles:
        q = q.where(Post.role.in_(flt.roles))
    if flt.group_family:
        q = q.where(family_condition(flt.group_family))
    counted: set[int] | None = None
    if as_of:
        counted = {post.id for post, *_ in held_posts(session, as_of, flt)}
        q = q.where(active_at(Post, as_of), Post.role.in_(flt.role_list()))
    bases: dict[int, dict[str, str | None]] = {}
    for pid, basis, country in session.execute(select(PostAttribution.post_id, PostAttribution.basis,
                                                       PostAttribution.country)):
        bases.setdefault(pid, {})[basis] = country
    for post, body, code, name, acronym, f_url, f_at, l_url, l_at in session.execute(
        q.execution_options(yield_per=5000)
    ):
        if counted is not None and post.id not in counted:
            continue
        by_basis = bases.get(post.id, {})
        country, basis = post.country, post.country_basis
        if flt.attribution:
            country, basis = by_basis.get(flt.attribution), flt.attribution
        row = {
            "post_id": post.id, "body": body, "group": code, "group_name": name, "role": post.role,
            "role_raw": post.role_raw, "holder_kind": post.holder_kind, "holder": post.holder_label,
            "organization": post.organization_label, "member_body": acronym, "country": country,
            "country_basis": basis, "valid_from": _iso(post.valid_from), "valid_to": _iso(post.valid_to),
            "start_date": post.start_date, "end_date": post.end_date, "expected_end": post.expected_end,
            "source_url": (post.attrs or {}).get("source_url") or l_url, "retrieved_at": _iso(l_at),
            "first_seen_url": f_url, "first_retrieved_at": _iso(f_at), "scope": post.scope,
        }
        for mode in ATTRIBUTION_MODES:
            row[f"country_{mode}"] = by_basis.get(mode)
        yield row


def events(session: Session, body: str | None = None, since: dt.date | None = None,
           until: dt.date | None = None, attribution: str | None = None) -> Iterator[dict]:
    """One row per stored change event (a change two sources show is a row per source, with
    each source's scope).  ``country`` / ``previous_country`` are the new and the previous
    post's default countries, or their countries under basis ``attribution``; each with its
    basis (``country_basis``, ``previous_country_basis``; empty where there is no post)."""
    from db.models import ChangeEvent

    before, after = aliased(Snapshot), aliased(Snapshot)
    post, prev = aliased(Post), aliased(Post)
    cols = [ChangeEvent, Group.code, after.url, after.fetched_at, before.url,
            post.id, post.country_basis, prev.id, prev.country_basis]
    q = (
        select(*cols)
        .outerjoin(Group, ChangeEvent.group_id == Group.id)
        .join(after, ChangeEvent.after_snapshot_id == after.id)
        .outerjoin(before, ChangeEvent.before_snapshot_id == before.id)
        .outerjoin(post, ChangeEvent.post_id == post.id)
        .outerjoin(prev, ChangeEvent.previous_post_id == prev.id)
        .order_by(ChangeEvent.after_date, ChangeEvent.id)
    )
    if attribution:
        pa, ppa = aliased(PostAttribution), aliased(PostAttribution)
        q = (q.outerjoin(pa, and_(pa.post_id == post.id, pa.basis == attribution))
             .outerjoin(ppa, and_(ppa.post_id == prev.id, ppa.basis == attribution))
             .add_columns(pa.country, ppa.country))
    if body:
        q = q.where(ChangeEvent.body == body)
    if since:
        q = q.where(ChangeEvent.after_date >= since)
    if until:
        q = q.where(ChangeEvent.after_date <= until)
    for ev, code, url, at, prev_url, pid, basis, prev_id, prev_basis, *by_mode in session.execute(
        q.execution_options(yield_per=5000)
    ):
        country, prev_country = ev.country, ev.previous_country
        if attribution:
            country, prev_country = by_mode
            basis = attribution if pid else None
            prev_basis = attribution if prev_id else None
        yield {
            "event_id": ev.id, "kind": ev.kind, "body": ev.body, "group": code, "role": ev.role,
            "holder": ev.holder, "country": country, "previous_holder": ev.previous_holder,
            "previous_country": prev_country, "country_basis": basis,
            "previous_country_basis": prev_basis,
            "before_date": _iso(ev.before_date), "after_date": _iso(ev.after_date),
            "source_url": url, "retrieved_at": _iso(at), "previous_source_url": prev_url,
            "scope": ev.scope,
        }


def proposals(session: Session, body: str | None = None) -> Iterator[dict]:
    q = (
        select(Document, DocumentSource, Group.code, Snapshot.url, Snapshot.fetched_at)
        .join(DocumentSource, DocumentSource.document_id == Document.id)
        .join(Group, Document.group_id == Group.id)
        .join(Snapshot, Document.snapshot_id == Snapshot.id)
        .order_by(Document.body, Group.code, Document.meeting, Document.number, DocumentSource.label)
    )
    if body:
        q = q.where(Document.body == body)
    for doc, src, code, url, at in session.execute(q.execution_options(yield_per=5000)):
        yield {
            "body": doc.body, "group": code, "meeting": doc.meeting, "document": doc.number,
            "title": doc.title, "type": doc.doc_type, "status": doc.status, "countable": doc.countable,
            "source_entity": src.label, "n_sources": src.n_sources, "country": src.country,
            "country_basis": src.country_basis, "source_url": url, "retrieved_at": _iso(at),
        }


def _group_sources(session: Session) -> dict[int, tuple[str, dt.datetime]]:
    """Per group, the latest page that listed it (a group version's last snapshot), else the
    latest page that showed one of its posts (groups known only from their posts)."""
    out: dict[int, tuple[str, dt.datetime]] = {}
    for model in (GroupVersion, Post):
        q = (select(model.group_id, Snapshot.url, Snapshot.fetched_at)
             .join(Snapshot, model.last_snapshot_id == Snapshot.id)
             .order_by(model.group_id, Snapshot.fetched_at))
        found: dict[int, tuple[str, dt.datetime]] = {}
        for group_id, url, at in session.execute(q):
            found[group_id] = (url, at)
        for group_id, source in found.items():
            out.setdefault(group_id, source)
    return out


def groups(session: Session, body: str | None = None) -> Iterator[dict]:
    """One row per group, with the latest page that listed it (``source_url``, ``retrieved_at``)."""
    sources = _group_sources(session)
    parent = aliased(Group)
    q = select(Group, parent.code).outerjoin(parent, Group.parent_id == parent.id).order_by(Group.body, Group.code)
    if body:
        q = q.where(Group.body == body)
    for g, parent_code in session.execute(q):
        yield {"group_id": g.id, "body": g.body, "code": g.code, "name": g.name, "kind": g.kind,
               "parent": parent_code, "status": g.status, "created_on": g.created_on,
               "closed_on": g.closed_on, "families": (g.families or "").strip("|") or None,
               "source_url": sources.get(g.id, (None, None))[0],
               "retrieved_at": _iso(sources.get(g.id, (None, None))[1])}


def organizations(session: Session) -> Iterator[dict]:
    parent = aliased(Organization)
    q = select(Organization, parent.key).outerjoin(parent, Organization.parent_id == parent.id).order_by(Organization.key)
    for o, parent_key in session.execute(q):
        yield {"organization_id": o.id, "key": o.key, "name": o.name, "kind": o.kind, "parent": parent_key,
               "registration_country": o.registration_country, "hq_country": o.hq_country,
               "partner_org": o.partner_org, "source": o.source}


def proposal_totals(session: Session, body: str | None = None) -> Iterator[dict]:
    q = select(ProposalCount, Group.code).join(Group, ProposalCount.group_id == Group.id)
    if body:
        q = q.where(ProposalCount.body == body)
    for pc, code in session.execute(q.order_by(ProposalCount.body, Group.code, ProposalCount.meeting)):
        yield {"body": pc.body, "group": code, "meeting": pc.meeting, "source_entity": pc.source_entity,
               "country": pc.country, "method": pc.method, "count": pc.count}

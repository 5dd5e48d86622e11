"""Contributions (ITU-T C documents, 3GPP TDocs) -> documents, their co-sources, and counts.

Counting rules (documented in docs/proposals.md):
* only countable documents count: not TDs, not withdrawn or reservation-only TDocs, not
  liaison statements from other groups (parsers flag these; ``countable: false``);
* ``full``: every co-source of a document gets 1; ``fractional``: each of n co-sources 1/n;
* a document listed again (later snapshot) replaces its earlier listing, never adds to it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import Document, DocumentSource, ProposalCount, Snapshot
from tracker.normalise.countries import to_alpha2

METHODS = ("full", "fractional")


def _countable(rec: dict) -> bool:
    if rec.get("countable") is False or rec.get("withdrawn") or rec.get("reserved_only"):
        return False
    return (rec.get("type") or "C").upper() != "TD"


def apply_contributions(session: Session, snap: Snapshot, records: list[dict], group_for, resolver) -> int:
    touched: set[tuple[int, str]] = set()
    existing = {
        (d.body, d.number): d
        for d in session.scalars(select(Document).where(
            Document.number.in_([r["document"] for r in records])))
    }
    for rec in records:
        group = group_for(rec)
        meeting = rec.get("meeting") or ""
        doc = existing.get((rec["body"], rec["document"]))
        if doc is None:
            doc = Document(body=rec["body"], number=rec["document"])
            session.add(doc)
            existing[(rec["body"], rec["document"])] = doc
        else:
            touched.add((doc.group_id, doc.meeting or ""))
            session.execute(delete(DocumentSource).where(DocumentSource.document_id == doc.id))
        doc.group_id, doc.meeting, doc.snapshot_id = group.id, meeting, snap.id
        doc.title, doc.doc_type, doc.status = rec.get("title"), rec.get("type"), rec.get("status")
        doc.countable = _countable(rec)
        session.flush()
        labels = list(dict.fromkeys(rec.get("sources") or []))
        for label in labels:
            country, basis, org_id = _source_country(label, resolver)
            session.add(DocumentSource(
                document_id=doc.id, label=label, organization_id=org_id, country=country,
                country_basis=basis, n_sources=len(labels),
            ))
        touched.add((group.id, meeting))
    session.flush()
    for group_id, meeting in touched:
        recount(session, group_id, meeting)
    return len(records)


def _source_country(label: str, resolver) -> tuple[str | None, str | None, int | None]:
    """A member state prints as a country ("Korea (Rep. of)"); others are organisations."""
    country = to_alpha2(label)
    if country:
        return country, "listed", None
    org_id, bases = resolver.organization(label)
    for basis, c, _detail, _derived in bases:
        if c:
            return c, basis, org_id
    return None, None, org_id


def recount(session: Session, group_id: int, meeting: str) -> None:
    session.execute(delete(ProposalCount).where(
        ProposalCount.group_id == group_id, ProposalCount.meeting == meeting))
    rows = session.execute(
        select(Document.body, DocumentSource.label, DocumentSource.organization_id,
               DocumentSource.country, DocumentSource.n_sources)
        .join(DocumentSource, DocumentSource.document_id == Document.id)
        .where(Document.group_id == group_id, Document.meeting == meeting, Document.countable.is_(True))
    ).all()
    totals: dict[tuple, float] = defaultdict(float)
    meta: dict[str, tuple] = {}
    for body, label, org_id, country, n in rows:
        totals[(label, "full")] += 1.0
        totals[(label, "fractional")] += 1.0 / max(n, 1)
        meta[label] = (body, org_id, country)
    for (label, method), count in totals.items():
        body, org_id, country = meta[label]
        session.add(ProposalCount(
            body=body, group_id=group_id, meeting=meeting, source_entity=label,
            organization_id=org_id, country=country, method=method, count=round(count, 6),
        ))

"""Proposal (contribution) counts by country or by source entity."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Group, ProposalCount
from tracker.queries.filters import family_condition


def proposal_counts(
    session: Session,
    body: str | None = None,
    method: str = "full",
    by: str = "country",
    group_family: str | None = None,
    meeting: str | None = None,
) -> list[dict]:
    """Counted contributions grouped ``by`` country (unattributed kept) or source entity."""
    key = ProposalCount.country if by == "country" else ProposalCount.source_entity
    q = (
        select(key, ProposalCount.body, func.sum(ProposalCount.count), func.count(func.distinct(ProposalCount.meeting)))
        .join(Group, ProposalCount.group_id == Group.id)
        .where(ProposalCount.method == method)
        .group_by(key, ProposalCount.body)
    )
    if body:
        q = q.where(ProposalCount.body == body)
    if group_family:
        q = q.where(family_condition(group_family))
    if meeting:
        q = q.where(ProposalCount.meeting == meeting)
    totals: dict[tuple, list] = defaultdict(lambda: [0.0, 0])
    for k, b, count, meetings in session.execute(q):
        entry = totals[(k or "unattributed", b)]
        entry[0] += float(count or 0)
        entry[1] = max(entry[1], meetings)
    grand = sum(v[0] for v in totals.values()) or 1.0
    rows = [
        {by: k, "body": b, "contributions": round(v[0], 3), "share": round(v[0] / grand, 4),
         "meetings": v[1], "method": method}
        for (k, b), v in totals.items()
    ]
    rows.sort(key=lambda r: (-r["contributions"], str(r[by])))
    return rows

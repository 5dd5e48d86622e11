"""Contributions (proposals) by country and by organisation over time.

Counted from ``document_sources`` joined to ``documents``: a document with n co-sources counts
1 for each (``full``) or 1/n for each (``fractional``).  Withdrawn or otherwise uncountable
documents are left out.  Time is the meeting, dated by the earliest snapshot listing it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.params import ProposalParams
from dashboard.queries.common import frame, iso
from dashboard.topics import where_for
from db.models import Document, DocumentSource, Group, Organization, Snapshot
from tracker.queries.filters import family_condition
from tracker.queries.timeseries import OTHER, UNATTRIBUTED

COLUMNS = ["date", "meeting", "body", "key", "documents", "count"]


def contributions(session: Session, p: ProposalParams, by: str = "country") -> pd.DataFrame:
    """Counts per (meeting, country or organisation); ``count`` follows ``p.method``."""
    if by == "country":
        key = func.coalesce(DocumentSource.country, UNATTRIBUTED)
    else:
        key = func.coalesce(Organization.name, DocumentSource.label)
    weight = 1.0 / func.coalesce(func.nullif(DocumentSource.n_sources, 0), 1)
    q = (
        select(
            func.min(Snapshot.observed_at),
            Document.meeting,
            Document.body,
            key,
            func.count(func.distinct(Document.id)),
            func.sum(weight),
        )
        .join(Document, Document.id == DocumentSource.document_id)
        .join(Group, Group.id == Document.group_id)
        .join(Snapshot, Snapshot.id == Document.snapshot_id)
        .outerjoin(Organization, Organization.id == DocumentSource.organization_id)
        .where(Document.countable.is_(True), *where_for(p.topic))
        .group_by(Document.meeting, Document.body, key)
    )
    if p.body:
        q = q.where(Document.body == p.body)
    if p.family:
        q = q.where(family_condition(p.family))
    rows = [
        (iso(d), m or "(no meeting)", b, k, int(n), float(f))
        for d, m, b, k, n, f in session.execute(q)
    ]
    df = frame(rows, COLUMNS)
    if p.method == "full":
        df["count"] = df["documents"].astype(float)
    df["count"] = df["count"].round(3)
    return _ordered(df)


def fold_top(df: pd.DataFrame, top: int) -> pd.DataFrame:
    """Keep the ``top`` keys by total count, the rest summed as ``other`` (unattributed kept)."""
    if df.empty:
        return df
    totals = df[df["key"] != UNATTRIBUTED].groupby("key")["count"].sum()
    keep = set(sorted(totals.index, key=lambda k: (-totals[k], k))[:top]) | {UNATTRIBUTED}
    out = df.assign(key=df["key"].where(df["key"].isin(keep), OTHER))
    return _ordered(
        out.groupby(["date", "meeting", "body", "key"], as_index=False)[
            ["documents", "count"]
        ].sum()
    )


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(
        ["date", "meeting", "count", "key"], ascending=[True, True, False, True], kind="stable"
    ).reset_index(drop=True)

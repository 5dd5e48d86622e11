"""Contribution surges: a country's counted contributions to a group's meeting jump.

For each group, meetings are ordered naturally (``RAN1#99`` before ``RAN1#123``).  A
country's count at a meeting (sum over its source entities, counting ``method`` of
``[surge]`` in alerts.toml) is a *surge* when it is at least ``factor`` times the mean of its
counts over the previous ``window`` meetings of that group (a meeting where it had none counts
0) and exceeds that mean by at least ``min_increase``.  Only meetings whose documents were
stored since ``since`` are looked at.  The alert key is deterministic:
``contribution_surge|BODY|GROUP_ID|MEETING|COUNTRY``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Document, Group, ProposalCount, Snapshot


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text or "")]


def surges(session: Session, since: dt.datetime, surge) -> list[dict]:
    """Payloads of contribution surges at meetings stored since ``since``."""
    fresh = session.execute(
        select(
            Document.group_id,
            Document.meeting,
            func.max(Snapshot.observed_at),
            func.max(Snapshot.url),
        )
        .join(Snapshot, Document.snapshot_id == Snapshot.id)
        .where(Snapshot.created_at >= since, Document.countable.is_(True))
        .group_by(Document.group_id, Document.meeting)
    ).all()
    if not fresh:
        return []
    out = []
    for group_id in sorted({row[0] for row in fresh}):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for meeting, country, count in session.execute(
            select(ProposalCount.meeting, ProposalCount.country, ProposalCount.count).where(
                ProposalCount.group_id == group_id, ProposalCount.method == surge.method
            )
        ):
            if country:
                counts[meeting][country] += count
        order = sorted(counts, key=_natural)
        group = session.get(Group, group_id)
        for _gid, meeting, seen, url in (r for r in fresh if r[0] == group_id):
            if meeting not in counts:
                continue
            pos = order.index(meeting)
            previous = order[max(0, pos - surge.window) : pos]
            if not previous:
                continue  # the first meeting of a group is a baseline
            for country, count in sorted(counts[meeting].items()):
                mean = sum(counts[m].get(country, 0.0) for m in previous) / len(previous)
                if count < surge.factor * mean or count - mean < surge.min_increase:
                    continue
                out.append(
                    {
                        "key": f"contribution_surge|{group.body}|{group_id}|{meeting}|{country}",
                        "kind": "contribution_surge",
                        "body": group.body,
                        "group": group.code,
                        "group_name": group.name,
                        "role": None,
                        "role_label": None,
                        "holder": None,
                        "holder_kind": None,
                        "person": None,
                        "organization": None,
                        "country": country,
                        "basis": "contribution sources",
                        "meeting": meeting,
                        "count": round(count, 3),
                        "previous_mean": round(mean, 3),
                        "previous_meetings": previous,
                        "method": surge.method,
                        "first_seen": seen.isoformat() if seen else None,
                        "last_seen_before": None,
                        "source_url": url,
                    }
                )
    return out

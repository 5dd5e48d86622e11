"""Store a snapshot, check it, and apply it to the history of its scope.

* The same content for the same scope and date again: nothing changes (``duplicate``).
* A fetch error or a parser error: stored as ``failed`` with its reason; history untouched.
* Far fewer records than the previous applied snapshot of the scope (``min_ratio``), or
  fewer than ``min_records``: stored as ``suspect``; history untouched.
* Otherwise ``applied``.  A snapshot older than the newest applied one of its scope (a
  backfill) triggers a rebuild of that scope's history in date order.
"""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crawlers.parsers.common import ParseError
from crawlers.parsers.registry import get_parser, parser_version
from db.models import ChangeEvent, Group, GroupVersion, Observation, Post, PostAttribution, Snapshot
from tracker.config import Settings, load_settings
from tracker.ingest.adapters import adapt
from tracker.ingest.attribution import default_country, record_bases
from tracker.ingest.facts import POST_FIELDS, GroupFact, holder_of, stable_hash
from tracker.ingest.history import ApplyStats, GroupIndex, PostFact, apply_groups, apply_posts
from tracker.ingest.participation import apply_corporate_links, apply_votes
from tracker.ingest.proposals import apply_contributions
from tracker.ingest.resolve import Resolver
from tracker.ingest.snapshot import SnapshotInput


@dataclass
class IngestResult:
    status: str  # applied | duplicate | suspect | failed
    snapshot_id: int | None = None
    records: int = 0
    opened: int = 0
    closed: int = 0
    extended: int = 0
    events: int = 0
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Importer:
    def __init__(self, session: Session, settings: Settings | None = None):
        self.session = session
        self.settings = settings or load_settings()

    # -- entry point ---------------------------------------------------------------------
    def ingest(self, inp: SnapshotInput) -> IngestResult:
        s = self.session
        digest = inp.content_hash
        dup = s.execute(select(Snapshot.id, Snapshot.status, Snapshot.reason).where(
            Snapshot.source == inp.source, Snapshot.scope == inp.scope,
            Snapshot.content_hash == digest, Snapshot.observed_at == inp.observed_at,
        ).limit(1)).first()
        if dup is not None:
            if dup.status in ("failed", "suspect"):  # the same broken page again is still broken
                return IngestResult(status=dup.status, snapshot_id=dup.id, reason=f"again: {dup.reason}")
            return IngestResult(status="duplicate", snapshot_id=dup.id, reason="same content already stored for this date")
        snap = Snapshot(
            source=inp.source, scope=inp.scope, url=inp.url, fetched_at=inp.fetched_at,
            observed_at=inp.observed_at, http_status=inp.http_status, content_hash=digest,
            content_type=inp.content_type, parser_name=inp.parser, parser_version=parser_version(inp.parser),
            raw_gz=gzip.compress(inp.raw, compresslevel=6), raw_size=len(inp.raw), status="pending",
            run_id=inp.run_id, created_at=_now(),
        )
        s.add(snap)
        s.flush()
        if inp.error or (inp.http_status is not None and inp.http_status >= 400):
            return self._fail(snap, inp.error or f"HTTP {inp.http_status}")
        try:
            records = adapt(inp.parser, get_parser(inp.parser)(inp.raw, inp.url))
        except ParseError as exc:
            return self._fail(snap, f"{type(exc).__name__}: {exc}")
        snap.record_count = len(records)
        reason = self._suspect_reason(snap)
        if reason:
            snap.status, snap.reason = "suspect", reason
            return IngestResult(status="suspect", snapshot_id=snap.id, records=len(records), reason=reason)
        latest = self._latest_applied(snap.scope, exclude=snap.id)
        snap.status = "applied"
        if latest is not None and snap.observed_at < latest.observed_at:
            stats, warnings = self.rebuild_scope(snap.scope)
        else:
            stats, warnings = self._apply(snap, records, latest)
        return IngestResult(
            status="applied", snapshot_id=snap.id, records=len(records), opened=stats.opened,
            closed=stats.closed, extended=stats.extended, events=len(stats.events), warnings=warnings,
        )

    # -- checks --------------------------------------------------------------------------
    def _fail(self, snap: Snapshot, reason: str) -> IngestResult:
        snap.status, snap.reason = "failed", reason
        return IngestResult(status="failed", snapshot_id=snap.id, reason=reason)

    def _latest_applied(self, scope: str, exclude: int | None = None, before: dt.date | None = None):
        q = select(Snapshot).where(Snapshot.scope == scope, Snapshot.status == "applied")
        if exclude is not None:
            q = q.where(Snapshot.id != exclude)
        if before is not None:
            q = q.where(Snapshot.observed_at <= before)
        return self.session.scalar(q.order_by(Snapshot.observed_at.desc(), Snapshot.id.desc()).limit(1))

    def _suspect_reason(self, snap: Snapshot) -> str | None:
        min_ratio, min_records = self.settings.thresholds(snap.source)
        count = snap.record_count or 0
        if count < min_records:
            return f"{count} records, fewer than min_records={min_records}"
        prev = self._latest_applied(snap.scope, exclude=snap.id, before=snap.observed_at)
        if prev is not None and prev.record_count and count < min_ratio * prev.record_count:
            return (f"{count} records against {prev.record_count} in the snapshot of "
                    f"{prev.observed_at} (below min_ratio={min_ratio})")
        return None

    # -- applying ------------------------------------------------------------------------
    def _apply(self, snap: Snapshot, records: list[dict], before: Snapshot | None):
        s = self.session
        index = GroupIndex(s)
        resolver = Resolver(s)
        group_facts = []
        for rec in records:
            if rec.get("kind") == "group":
                fact = GroupFact.from_record(rec)
                group_facts.append((index.get_or_create(fact), fact))
        for group, fact in group_facts:
            parent = None
            if fact.parent_identifiers or fact.parent_code:
                parent = index.find(fact.body, fact.parent_code or "", fact.parent_identifiers)
            if parent is not None and group.parent_id != parent.id:
                group.parent_id = parent.id
        votes = [rec for rec in records if rec.get("kind") == "vote"]
        if votes:
            apply_votes(s, snap, votes, lambda rec: self._group_for(rec, index))
        links = [rec for rec in records if rec.get("kind") == "corporate_link"]
        if links:
            apply_corporate_links(s, snap, links)
        contributions = [rec for rec in records if rec.get("kind") == "contribution"]
        if contributions:
            apply_contributions(s, snap, contributions, lambda rec: self._group_for(rec, index), resolver)
        post_records = [rec for rec in records if rec.get("kind") == "post"]
        resolver.prefetch_people((rec.get("person") for rec in post_records), snap.source)
        post_facts = [self._post_fact(rec, snap, index, resolver) for rec in post_records]
        if post_records and all(rec.get("valid_from") for rec in post_records):
            return self._apply_stated(snap, post_records, post_facts), resolver.warnings
        post_facts = [f for f in post_facts if f is not None]
        stats = ApplyStats()
        touched = apply_groups(s, snap, before, group_facts, index, stats) if group_facts else set()
        apply_posts(s, snap, before, post_facts, touched, stats)
        existing = set(s.scalars(select(ChangeEvent.key).where(ChangeEvent.key.in_([e.key for e in stats.events]))))
        s.add_all(e for e in stats.events if e.key not in existing)
        s.flush()
        return stats, resolver.warnings

    def _apply_stated(self, snap: Snapshot, records: list[dict], facts: list) -> ApplyStats:
        """Curated facts state their own period: the scope's posts are replaced by exactly the
        facts of this snapshot (the previous snapshot stays stored); no events."""
        s = self.session
        post_ids = select(Post.id).where(Post.scope == snap.scope)
        s.execute(delete(Observation).where(Observation.post_id.in_(post_ids)))
        s.execute(delete(PostAttribution).where(PostAttribution.post_id.in_(post_ids)))
        s.execute(delete(Post).where(Post.scope == snap.scope))
        stats, seen = ApplyStats(), set()
        for rec, fact in zip(records, facts, strict=True):
            start = dt.date.fromisoformat(rec["valid_from"])
            if fact is None or (fact.key, start) in seen:
                continue
            seen.add((fact.key, start))
            end = dt.date.fromisoformat(rec["valid_to"]) if rec.get("valid_to") else None
            post = Post(
                key=fact.key, scope=snap.scope, group_id=fact.group.id, role=fact.role,
                valid_from=start, valid_to=end, first_snapshot_id=snap.id, last_snapshot_id=snap.id,
                record_hash=fact.record_hash, **fact.values,
            )
            post.attributions = [
                PostAttribution(basis=b, country=c, detail=d, derived=x) for b, c, d, x in fact.attributions
            ]
            s.add(post)
            stats.opened += 1
        s.flush()
        return stats

    def _group_for(self, rec: dict, index: GroupIndex) -> Group:
        group = index.find(rec["body"], rec["group"], rec.get("identifiers"))
        if group is None:
            group = index.get_or_create(GroupFact(
                body=rec["body"], code=rec["group"], name=rec.get("group_name"), kind=rec.get("group_kind"),
                status=None, parent_code=rec.get("parent_group"), created=None,
                identifiers=dict(rec.get("identifiers") or {}),
            ))
            if rec.get("parent_group"):
                parent = index.find(rec["body"], rec["parent_group"]) or index.get_or_create(GroupFact(
                    body=rec["body"], code=rec["parent_group"], name=None, kind=None, status=None,
                    parent_code=None, created=None,
                ))
                group.parent_id = parent.id
        return group

    def _post_fact(self, rec: dict, snap: Snapshot, index: GroupIndex, resolver: Resolver) -> PostFact | None:
        holder = holder_of(rec)
        if holder is None:
            return None
        kind, label = holder
        group = self._group_for(rec, index)
        values = {
            "role_raw": rec.get("role_raw"), "holder_kind": kind, "holder_label": label,
            "organization_label": rec.get("organization"), "start_date": rec.get("start"),
            "end_date": rec.get("end"), "expected_end": rec.get("term_end"),
            "attrs": {k: v for k, v in rec.items() if k not in ("kind", "identifiers")},
        }
        if kind == "person":
            person = resolver.person(label, snap.source)
            values["person_id"] = person.id
            values["holder_label"] = person.display_name  # one spelling per identity; raw in attrs
            holder_id = f"p:{person.match_key}"
        elif kind == "member_body":
            # a member body stands for its nation: ISO's BSI and IEC's UK National Committee
            # holding a joint committee's secretariat are one holder (resolved below)
            holder_id = None
        elif kind == "unnamed":
            holder_id = f"u:{rec.get('country')}"
        else:
            holder_id = f"o:{label.casefold()}"
        attributions, values["organization_id"], member_body_id = record_bases(rec, resolver)
        if kind == "member_body":
            values["member_body_id"] = member_body_id
            nation = next((c for b, c, _d, _x in attributions if b == "member_body" and c), None)
            holder_id = f"mb:{nation or label}"
        values["country"], values["country_basis"] = default_country(attributions, self.settings.fallback)
        return PostFact(
            key=f"g{group.id}|{rec['role']}|{holder_id}", group=group, role=rec["role"],
            values=values, attributions=attributions, record_hash=stable_hash(rec, POST_FIELDS),
        )

    # -- rebuild ---------------------------------------------------------------------------
    def rebuild_scope(self, scope: str):
        """Recompute a scope's intervals and events from its applied snapshots, in date order."""
        s = self.session
        post_ids = select(Post.id).where(Post.scope == scope)
        s.execute(delete(Observation).where(Observation.post_id.in_(post_ids)))
        s.execute(delete(ChangeEvent).where(ChangeEvent.scope == scope))
        s.execute(delete(PostAttribution).where(PostAttribution.post_id.in_(post_ids)))
        s.execute(delete(Post).where(Post.scope == scope))
        s.execute(delete(GroupVersion).where(GroupVersion.scope == scope))
        s.flush()
        s.expire_all()
        total, warnings, before = ApplyStats(), [], None
        snaps = s.scalars(select(Snapshot).where(Snapshot.scope == scope, Snapshot.status == "applied")
                          .order_by(Snapshot.observed_at, Snapshot.id)).all()
        for snap in snaps:
            raw = gzip.decompress(snap.raw_gz)
            try:
                records = adapt(snap.parser_name, get_parser(snap.parser_name)(raw, snap.url))
            except ParseError as exc:
                snap.status, snap.reason = "failed", f"on rebuild: {exc}"
                continue
            stats, warn = self._apply(snap, records, before)
            total.opened += stats.opened
            total.closed += stats.closed
            total.extended += stats.extended
            total.events.extend(stats.events)
            warnings.extend(warn)
            before = snap
        return total, warnings


def ingest_snapshot(session: Session, inp: SnapshotInput, settings: Settings | None = None) -> IngestResult:
    return Importer(session, settings).ingest(inp)

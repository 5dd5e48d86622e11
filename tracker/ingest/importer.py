"""Store a snapshot, check it, and apply it to the history of its scope.

* The same content as the scope's snapshot in force for that date: nothing changes
  (``duplicate``).  A snapshot is *in force* for its date when it is the latest fetch of that
  date (``fetched_at``; on a tie, the latest import) among the applied ones.
* A fetch error or a parser error: stored as ``failed`` with its reason; history untouched.
  The same broken content for the same date again, with the same parser version, is not
  stored twice (its status is returned again).
* Far fewer records than the nearest applied snapshot of the scope (the previous one, or for
  a snapshot older than all of them, the next one; ``min_ratio``), or fewer than
  ``min_records``: stored as ``suspect``; history untouched.
* A snapshot fetched earlier than the one in force for its date: stored as ``superseded``.
* Otherwise ``applied``.  A later fetch of a date that already has an applied snapshot
  supersedes it (the earlier one stays stored as ``superseded``), and a snapshot older than
  the newest applied one of its scope (a backfill): both rebuild that scope's history in date
  order, re-parsing each applied snapshot with the current parser.  When a re-parse would lose
  records (failing, or suspect by the same thresholds against the snapshot's stored record
  count), nothing is rebuilt: the new snapshot is stored as ``suspect`` with the reason and the
  history stays as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
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

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    status: str  # applied | duplicate | superseded | suspect | failed
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


#: How many parsed records a rebuild keeps from its check pass for the apply pass (past
#: that, snapshots are parsed again rather than held in memory).
REBUILD_KEEP_RECORDS = 250_000


class RebuildRefused(Exception):
    """Re-parsing a stored snapshot with the current parser would lose its records."""


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
        in_force = self._in_force(inp.scope, inp.observed_at)
        if in_force is not None and in_force.content_hash == digest:
            return IngestResult(status="duplicate", snapshot_id=in_force.id,
                                reason="same content as the snapshot in force for this date")
        # a later fetch of this date is in force: this one can only be superseded
        older = in_force is not None and inp.fetched_at < in_force.fetched_at
        seen = s.execute(select(Snapshot.id, Snapshot.status, Snapshot.reason, Snapshot.parser_version).where(
            Snapshot.source == inp.source, Snapshot.scope == inp.scope,
            Snapshot.content_hash == digest, Snapshot.observed_at == inp.observed_at,
        ).order_by(Snapshot.id.desc()).limit(1)).first()
        if seen is not None:
            if seen.status in ("failed", "suspect") and seen.parser_version == parser_version(inp.parser):
                # the same broken page again is still broken (until its parser changes)
                return IngestResult(status=seen.status, snapshot_id=seen.id, reason=f"again: {seen.reason}")
            if older:
                return IngestResult(status="superseded", snapshot_id=seen.id,
                                    reason=f"already stored; snapshot {in_force.id}, fetched later, is in force")
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
        except Exception as exc:  # noqa: BLE001 - a parser bug or a URL it cannot read
            log.warning("parser %s crashed on %s", inp.parser, inp.url, exc_info=True)
            return self._fail(snap, f"parser {inp.parser} crashed: {type(exc).__name__}: {exc}")
        snap.record_count = len(records)
        reason = self._suspect_reason(snap)
        if reason:
            snap.status, snap.reason = "suspect", reason
            return IngestResult(status="suspect", snapshot_id=snap.id, records=len(records), reason=reason)
        if older:
            snap.status = "superseded"
            snap.reason = f"snapshot {in_force.id}, a later fetch of {snap.observed_at}, is in force"
            return IngestResult(status="superseded", snapshot_id=snap.id, records=len(records), reason=snap.reason)
        latest = self.latest_applied(snap.scope, exclude=snap.id)
        snap.status = "applied"
        if in_force is None and (latest is None or snap.observed_at >= latest.observed_at):
            stats, warnings = self._apply(snap, records, latest)
        else:
            if in_force is not None:
                in_force.status = "superseded"
                in_force.reason = f"snapshot {snap.id}, a later fetch of {snap.observed_at}, replaced it"
            try:
                stats, warnings = self.rebuild_scope(snap.scope, report_for=snap.id)
            except RebuildRefused as exc:
                if in_force is not None:
                    in_force.status, in_force.reason = "applied", None
                snap.status, snap.reason = "suspect", f"not applied, history kept as it was: {exc}"
                return IngestResult(status="suspect", snapshot_id=snap.id, records=len(records), reason=snap.reason)
        return IngestResult(
            status="applied", snapshot_id=snap.id, records=len(records), opened=stats.opened,
            closed=stats.closed, extended=stats.extended, events=len(stats.events), warnings=warnings,
        )

    # -- checks --------------------------------------------------------------------------
    def _fail(self, snap: Snapshot, reason: str) -> IngestResult:
        snap.status, snap.reason = "failed", reason
        return IngestResult(status="failed", snapshot_id=snap.id, reason=reason)

    def _applied(self, scope: str, exclude: int | None = None):
        q = select(Snapshot).where(Snapshot.scope == scope, Snapshot.status == "applied")
        return q if exclude is None else q.where(Snapshot.id != exclude)

    def latest_applied(self, scope: str, exclude: int | None = None, before: dt.date | None = None):
        """The scope's newest applied snapshot (observed on or before ``before``)."""
        q = self._applied(scope, exclude)
        if before is not None:
            q = q.where(Snapshot.observed_at <= before)
        return self.session.scalar(q.order_by(Snapshot.observed_at.desc(), Snapshot.fetched_at.desc(),
                                              Snapshot.id.desc()).limit(1))

    def _in_force(self, scope: str, day: dt.date) -> Snapshot | None:
        """The applied snapshot that stands for ``day`` in its scope: the latest fetch of it."""
        q = self._applied(scope).where(Snapshot.observed_at == day)
        return self.session.scalar(q.order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc()).limit(1))

    def _too_few(self, source: str, count: int, reference: int | None, against: str) -> str | None:
        """Why ``count`` records are suspect against ``reference`` records (``against`` says
        where those come from), or None."""
        min_ratio, min_records = self.settings.thresholds(source)
        if count < min_records:
            return f"{count} records, fewer than min_records={min_records}"
        if reference and count < min_ratio * reference:
            return f"{count} records against {reference} in {against} (below min_ratio={min_ratio})"
        return None

    def _suspect_reason(self, snap: Snapshot) -> str | None:
        """Compared with the nearest applied snapshot of the scope: the previous one, or for a
        snapshot older than all of them (a backfill), the next one."""
        ref = self.latest_applied(snap.scope, exclude=snap.id, before=snap.observed_at)
        if ref is None:
            ref = self.session.scalar(self._applied(snap.scope, snap.id).where(
                Snapshot.observed_at > snap.observed_at).order_by(Snapshot.observed_at, Snapshot.id).limit(1))
        return self._too_few(snap.source, snap.record_count or 0, ref.record_count if ref else None,
                             f"the snapshot of {ref.observed_at}" if ref else "")

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
        facts of this snapshot (the previous snapshot stays stored), each observed by it; no
        events."""
        s = self.session
        post_ids = select(Post.id).where(Post.scope == snap.scope)
        s.execute(delete(Observation).where(Observation.post_id.in_(post_ids)))
        s.execute(delete(PostAttribution).where(PostAttribution.post_id.in_(post_ids)))
        s.execute(delete(Post).where(Post.scope == snap.scope))
        stats, seen, posts = ApplyStats(), set(), []
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
            posts.append(post)
            stats.opened += 1
        s.flush()
        if posts:
            s.execute(Observation.__table__.insert(), [{"snapshot_id": snap.id, "post_id": p.id} for p in posts])
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
    @staticmethod
    def _parse_stored(snap: Snapshot) -> list[dict]:
        """A stored snapshot's records from the current parser."""
        return adapt(snap.parser_name, get_parser(snap.parser_name)(gzip.decompress(snap.raw_gz), snap.url))

    def _check_reparse(self, snap: Snapshot) -> list[dict]:
        """A stored snapshot's records from the current parser; :class:`RebuildRefused` when
        the parser fails on it or gives too few records against its stored record count (the
        thresholds of its source)."""
        what = f"snapshot {snap.id} ({snap.observed_at}) with {snap.parser_name} parser v{parser_version(snap.parser_name)}"
        try:
            records = self._parse_stored(snap)
            count = len(records)
        except Exception as exc:  # noqa: BLE001 - ParseError, or a parser crash
            raise RebuildRefused(f"re-parsing {what} fails: {type(exc).__name__}: {exc}") from exc
        loss = self._too_few(snap.source, count, snap.record_count,
                             f"the stored snapshot (parser v{snap.parser_version})")
        if loss:
            raise RebuildRefused(f"re-parsing {what} gives {loss}")
        return records

    def rebuild_scope(self, scope: str, report_for: int | None = None):
        """Recompute a scope's intervals and events from its applied snapshots, in date order,
        re-parsed with the current parser (the latest fetch of a date stands for it; earlier
        applied fetches of that date become ``superseded``).

        Every snapshot is re-parsed and checked first: if one would lose records
        (:meth:`_check_reparse`), :class:`RebuildRefused` is raised and nothing is changed.
        Each snapshot used is given the parser version and record count that produced its part
        of the history.  Returns the stats of snapshot ``report_for`` (default: the totals) and
        the warnings."""
        s = self.session
        snaps = s.scalars(self._applied(scope).order_by(Snapshot.observed_at, Snapshot.fetched_at,
                                                         Snapshot.id)).all()
        # stores written before same-day fetches superseded each other may hold several
        later = [(snap, nxt) for snap, nxt in zip(snaps, snaps[1:], strict=False) if nxt.observed_at == snap.observed_at]
        snaps = [snap for snap in snaps if snap not in {old for old, _ in later}]
        parsed: dict[int, list[dict]] = {}  # records of the check, kept up to a budget
        budget = REBUILD_KEEP_RECORDS
        for snap in snaps:  # check all before changing anything
            records = self._check_reparse(snap)
            if len(records) <= budget:
                parsed[snap.id] = records
                budget -= len(records)
        for old, nxt in later:
            old.status, old.reason = "superseded", f"snapshot {nxt.id}, a later fetch of {nxt.observed_at}, replaced it"
        post_ids = select(Post.id).where(Post.scope == scope)
        s.execute(delete(Observation).where(Observation.post_id.in_(post_ids)))
        s.execute(delete(ChangeEvent).where(ChangeEvent.scope == scope))
        s.execute(delete(PostAttribution).where(PostAttribution.post_id.in_(post_ids)))
        s.execute(delete(Post).where(Post.scope == scope))
        s.execute(delete(GroupVersion).where(GroupVersion.scope == scope))
        s.flush()
        s.expire_all()
        total, reported, warnings, before = ApplyStats(), None, [], None
        for snap in snaps:
            records = parsed.pop(snap.id, None)
            if records is None:
                records = self._parse_stored(snap)
            snap.parser_version, snap.record_count = parser_version(snap.parser_name), len(records)
            stats, warn = self._apply(snap, records, before)
            total.opened += stats.opened
            total.closed += stats.closed
            total.extended += stats.extended
            total.events.extend(stats.events)
            warnings.extend(warn)
            if snap.id == report_for:
                reported = stats
            before = snap
        return reported or total, warnings


def ingest_snapshot(session: Session, inp: SnapshotInput, settings: Settings | None = None) -> IngestResult:
    return Importer(session, settings).ingest(inp)

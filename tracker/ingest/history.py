"""Apply one snapshot's facts to the history of its scope: open, extend and close intervals
(posts and group versions) and derive change events.

Snapshots of a scope are applied in observation-date order.  The first snapshot of a scope
is a baseline and yields no events.  Events are keyed deterministically so that rebuilding a
scope reproduces them instead of duplicating them.  A group that a scope stops listing is
closed (``status`` Closed, ``closed_on``, a ``group_closed`` event) only if no other scope
lists it on that date (a joint committee shown by both ISO and IEC); a closed group that is
listed again is open again (``closed_on`` cleared).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import (
    ChangeEvent,
    Group,
    GroupIdentifier,
    GroupVersion,
    Observation,
    Post,
    PostAttribution,
    Snapshot,
)
from tracker.families import families_for
from tracker.ingest.facts import GroupFact


@dataclass
class PostFact:
    key: str
    group: Group
    role: str
    values: dict  # column values for a new Post row (holder, labels, dates, hash, attrs)
    attributions: list[tuple[str, str | None, str | None, bool]]  # basis, country, detail, derived
    record_hash: str


@dataclass
class ApplyStats:
    opened: int = 0
    closed: int = 0
    extended: int = 0
    events: list[ChangeEvent] = field(default_factory=list)


JOINT_PREFIXES = ("ISO/IEC ", "IEC/ISO ", "ISO/IEC/", "IEC/ISO/")


class GroupIndex:
    """Finds groups by external identifier or by (body, code); creates them on first sight."""

    def __init__(self, session: Session):
        self.session = session
        self.by_ident: dict[tuple[str, str], Group] = {}
        self.by_code: dict[tuple[str, str], Group] = {}
        for ident, group in session.execute(
            select(GroupIdentifier, Group).join(Group, GroupIdentifier.group_id == Group.id)
        ):
            self.by_ident[(ident.scheme, ident.value)] = group
        for group in session.scalars(select(Group)):
            self.by_code[(group.body, group.code)] = group

    def find(self, body: str, code: str, identifiers: dict | None = None) -> Group | None:
        for scheme, value in (identifiers or {}).items():
            if (scheme, str(value)) in self.by_ident:
                return self.by_ident[(scheme, str(value))]
        group = self.by_code.get((body, code))
        if group is None and code.startswith(JOINT_PREFIXES):
            # a joint committee (ISO/IEC JTC 1, IEC/ISO JTC 3) is one group whichever body's
            # pages show it: ISO Open Data and the IEC dashboard reach the same group
            for other in ("ISO", "IEC"):
                group = group or self.by_code.get((other, code))
        return group

    def get_or_create(self, fact: GroupFact) -> Group:
        group = self.find(fact.body, fact.code, fact.identifiers)
        if group is None:
            group = Group(body=fact.body, code=fact.code, name=fact.name, kind=fact.kind)
            self.session.add(group)
            self.session.flush()
            self.by_code[(fact.body, fact.code)] = group
        families = families_for(group.code)
        if group.families != families:
            group.families = families
        for scheme, value in fact.identifiers.items():
            if (scheme, str(value)) not in self.by_ident:
                self.session.add(GroupIdentifier(group_id=group.id, scheme=scheme, value=str(value)))
                self.by_ident[(scheme, str(value))] = group
        return group

    def rename(self, group: Group, code: str) -> bool:
        """Give a group its new reference unless another group already holds it."""
        other = self.by_code.get((group.body, code))
        if other is not None and other.id != group.id:
            return False
        self.by_code.pop((group.body, group.code), None)
        group.code = code
        group.families = families_for(code)
        self.by_code[(group.body, code)] = group
        return True


def _event(kind: str, snap: Snapshot, before: Snapshot | None, group: Group, **kw) -> ChangeEvent:
    parts = [kind, snap.scope, str(group.id), kw.pop("key_part", ""), snap.observed_at.isoformat()]
    return ChangeEvent(
        key="|".join(parts),
        kind=kind,
        body=group.body,
        scope=snap.scope,
        group_id=group.id,
        before_snapshot_id=before.id if before else None,
        after_snapshot_id=snap.id,
        before_date=before.observed_at if before else None,
        after_date=snap.observed_at,
        **kw,
    )


def apply_groups(
    session: Session, snap: Snapshot, before: Snapshot | None, facts: list[tuple[Group, GroupFact]],
    index: GroupIndex, stats: ApplyStats,
) -> set[int]:
    """Update group versions; return ids of groups created or closed in this snapshot."""
    open_versions = {
        v.group_id: v
        for v in session.scalars(
            select(GroupVersion).where(GroupVersion.scope == snap.scope, GroupVersion.valid_to.is_(None))
        )
    }
    touched: set[int] = set()
    seen: set[int] = set()
    for group, fact in facts:
        seen.add(group.id)
        if group.closed_on is not None:  # listed again: no longer closed (the closure stays an event)
            group.closed_on, group.status = None, fact.status
        version = open_versions.get(group.id)
        if version is not None and version.state_hash == fact.state_hash:
            version.last_snapshot_id = snap.id
            continue
        if version is not None:
            version.valid_to = snap.observed_at
            if version.code != fact.code and index.rename(group, fact.code):
                stats.events.append(_event(
                    "group_renamed", snap, before, group, key_part=version.code,
                    details={"from": version.code, "to": fact.code},
                ))
            if version.status != fact.status:
                stats.events.append(_event(
                    "group_status_changed", snap, before, group, key_part=str(version.status),
                    details={"from": version.status, "to": fact.status, "code": fact.code},
                ))
        elif before is not None:
            touched.add(group.id)
            stats.events.append(_event(
                "group_created", snap, before, group,
                details={"code": fact.code, "name": fact.name, "status": fact.status},
            ))
        session.add(GroupVersion(
            group_id=group.id, scope=snap.scope, code=fact.code, name=fact.name, status=fact.status,
            parent_code=fact.parent_code, state_hash=fact.state_hash, valid_from=snap.observed_at,
            first_snapshot_id=snap.id, last_snapshot_id=snap.id,
        ))
        group.name, group.status, group.kind = fact.name or group.name, fact.status, fact.kind or group.kind
        if fact.created:
            group.created_on = fact.created
    for group_id, version in open_versions.items():
        if group_id in seen:
            continue
        version.valid_to = snap.observed_at
        touched.add(group_id)
        _close_if_unlisted(session, group_id, snap, before, stats)
    return touched


def _close_if_unlisted(
    session: Session, group_id: int, snap: Snapshot, before: Snapshot | None, stats: ApplyStats
) -> None:
    """Close a group that no scope lists any more (a joint committee stays open while ISO's or
    IEC's list still shows it), whatever order the scopes' snapshots were imported in.

    ``closed_on`` is the last date a scope dropped it, and the ``group_closed`` event belongs to
    that scope's snapshot: this one, or, when that later drop was imported first (a backfill
    of this scope), the snapshot that made it.  An event already stored is not repeated.
    """
    versions = session.scalars(select(GroupVersion).where(GroupVersion.group_id == group_id)).all()
    if any(v.valid_to is None for v in versions):
        return  # another scope still lists it
    last = max(versions, key=lambda v: (v.valid_to, v.scope == snap.scope))
    group = session.get(Group, group_id)
    group.status, group.closed_on = "Closed", last.valid_to.isoformat()
    if last.scope == snap.scope:
        closing, prior = snap, before
    else:
        closing = session.scalar(
            select(Snapshot).where(Snapshot.scope == last.scope, Snapshot.status == "applied",
                                   Snapshot.observed_at == last.valid_to)
            .order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc()).limit(1))
        prior = session.get(Snapshot, last.last_snapshot_id) if last.last_snapshot_id else None
        if closing is None:
            return
    stats.events.append(_event(
        "group_closed", closing, prior, group,
        details={"code": last.code, "name": last.name, "last_seen": str(prior.observed_at) if prior else None},
    ))


CHUNK = 5000  # ids per bulk statement (well under SQLite's bound-parameter limit)


def _bulk_set(session: Session, model, ids: list[int], **values) -> None:
    """``UPDATE model SET values WHERE id IN ids``, chunked, without loading rows."""
    for i in range(0, len(ids), CHUNK):
        session.execute(
            update(model).where(model.id.in_(ids[i:i + CHUNK])).values(**values)
            .execution_options(synchronize_session=False)
        )


def _load(session: Session, ids: list[int]) -> list[Post]:
    out: list[Post] = []
    for i in range(0, len(ids), CHUNK):
        out.extend(session.scalars(select(Post).where(Post.id.in_(ids[i:i + CHUNK]))))
    return out


def apply_posts(
    session: Session, snap: Snapshot, before: Snapshot | None, facts: list[PostFact],
    touched_groups: set[int], stats: ApplyStats,
) -> None:
    """Open, extend and close post intervals.  Unchanged posts (the bulk of every snapshot)
    are extended with one bulk UPDATE; only new, changed and departed posts become objects."""
    open_posts = {
        key: (pid, digest)
        for key, pid, digest in session.execute(
            select(Post.key, Post.id, Post.record_hash).where(Post.scope == snap.scope, Post.valid_to.is_(None))
        )
    }
    seen: set[str] = set()
    appointed: list[Post] = []
    updated: list[tuple[int, Post]] = []
    extended: list[int] = []
    for fact in facts:
        if fact.key in seen:
            continue
        seen.add(fact.key)
        current = open_posts.get(fact.key)
        if current is not None and current[1] == fact.record_hash:
            extended.append(current[0])
            continue
        new = Post(
            key=fact.key, scope=snap.scope, group_id=fact.group.id, role=fact.role,
            valid_from=snap.observed_at, first_snapshot_id=snap.id, last_snapshot_id=snap.id,
            record_hash=fact.record_hash, **fact.values,
        )
        new.attributions = [
            PostAttribution(basis=b, country=c, detail=d, derived=der) for b, c, d, der in fact.attributions
        ]
        session.add(new)
        stats.opened += 1
        if current is not None:  # same holder, something about the post changed: new interval
            updated.append((current[0], new))
        else:
            appointed.append(new)
    session.flush()
    departed_ids = [pid for key, (pid, _h) in open_posts.items() if key not in seen]
    closing = departed_ids + [old_id for old_id, _ in updated]
    _bulk_set(session, Post, closing, valid_to=snap.observed_at)
    _bulk_set(session, Post, extended, last_snapshot_id=snap.id)
    stats.closed += len(closing)
    stats.extended += len(extended)
    observed = extended + [p.id for p in appointed] + [n.id for _, n in updated]
    for i in range(0, len(observed), CHUNK):
        session.execute(Observation.__table__.insert(),
                        [{"snapshot_id": snap.id, "post_id": pid} for pid in observed[i:i + CHUNK]])
    if before is None:
        return  # baseline: no events
    old_posts = {p.id: p for p in _load(session, closing)}
    for p in old_posts.values():
        session.refresh(p, ["valid_to"])
    departed = [old_posts[i] for i in departed_ids]
    groups = {g.id: g for g in session.scalars(select(Group).where(
        Group.id.in_({p.group_id for p in appointed + departed + [n for _, n in updated]})))}
    for old_id, new in updated:
        old = old_posts[old_id]
        stats.events.append(_event(
            "post_updated", snap, before, groups[new.group_id], key_part=new.key, role=new.role,
            post_id=new.id, previous_post_id=old.id, holder=new.holder_label,
            previous_holder=old.holder_label, country=new.country, previous_country=old.country,
            details={"changed": _changed(old, new)},
        ))
    appointed = [p for p in appointed if p.group_id not in touched_groups]
    departed = [p for p in departed if p.group_id not in touched_groups]
    _pair_changes(snap, before, groups, appointed, departed, stats)


def _changed(old: Post, new: Post) -> dict:
    """What differs between two intervals of the same post (columns, then raw record fields)."""
    cols = ("organization_label", "country", "expected_end", "start_date", "end_date", "role_raw")
    changed = {c: [getattr(old, c), getattr(new, c)] for c in cols if getattr(old, c) != getattr(new, c)}
    old_attrs, new_attrs = old.attrs or {}, new.attrs or {}
    for k in sorted(set(old_attrs) | set(new_attrs)):
        if k not in changed and k not in ("source_url", "group", "group_name") and old_attrs.get(k) != new_attrs.get(k):
            changed[k] = [old_attrs.get(k), new_attrs.get(k)]
    return changed


def _pair_changes(snap, before, groups, appointed, departed, stats) -> None:
    """Departures + appointments -> transfers, role changes, or plain events."""
    by_slot = defaultdict(lambda: ([], []))
    for p in departed:
        by_slot[(p.group_id, p.role)][0].append(p)
    for p in appointed:
        by_slot[(p.group_id, p.role)][1].append(p)
    # secretariat transfers: one member body replaced by another in the same group
    for (gid, role), (gone, came) in list(by_slot.items()):
        if role == "secretariat" and len(gone) == 1 and len(came) == 1:
            old, new = gone[0], came[0]
            stats.events.append(_event(
                "secretariat_transfer", snap, before, groups[gid], key_part=f"{old.key}>{new.key}",
                role=role, post_id=new.id, previous_post_id=old.id, holder=new.holder_label,
                previous_holder=old.holder_label, country=new.country, previous_country=old.country,
            ))
            gone.clear()
            came.clear()
    # role changes: the same person leaves one role and takes another in the same group
    leaving = {(p.group_id, p.person_id): p for p in departed if p.person_id}
    for (gid, _role), (_gone, came) in by_slot.items():
        for new in list(came):
            old = leaving.get((gid, new.person_id)) if new.person_id else None
            if old is None or old.role == new.role:
                continue
            stats.events.append(_event(
                "role_change", snap, before, groups[gid], key_part=f"{old.key}>{new.key}",
                role=new.role, post_id=new.id, previous_post_id=old.id, holder=new.holder_label,
                previous_holder=old.holder_label, country=new.country, previous_country=old.country,
                details={"from_role": old.role, "to_role": new.role},
            ))
            came.remove(new)
            by_slot[(gid, old.role)][0].remove(old)
            leaving.pop((gid, new.person_id))
    for (gid, _role), (gone, came) in by_slot.items():
        for p in came:
            stats.events.append(_event(
                "appointment", snap, before, groups[gid], key_part=p.key, role=p.role,
                post_id=p.id, holder=p.holder_label, country=p.country,
            ))
        for p in gone:
            stats.events.append(_event(
                "departure", snap, before, groups[gid], key_part=p.key, role=p.role,
                previous_post_id=p.id, previous_holder=p.holder_label, previous_country=p.country,
            ))

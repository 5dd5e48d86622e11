"""What an alert is about: change events seen as alert kinds, with everything a message needs.

A change event becomes one or more *views*: ``appointment`` (or ``chair_elect`` when the new
post is a chair-elect), ``departure``, ``secretariat_transfer``; a ``role_change`` (the same
person moves from vice-chair to chair) is both an appointment to the new role and a departure
from the old one.  :func:`payload` turns a view into the dict stored with each delivery: the
person, organisation, role, group, body, country and basis (under the rule's attribution
mode), when it was first seen, and the source URL.

An alert is about a *fact*, not about the change event that revealed it: :func:`identity`
names it by alert kind, body, group, role, the post key of its subject (the holder: person,
member body or organisation) and country, plus the date the subject's post began (its
*anchor*).  Two sources showing the same appointment, or a backfill that rebuilds a scope
and re-dates an event, give the same fact; :mod:`tracker.alerts.rules` alerts it again only
when its anchor lies in another tenure of the holder (a new appointment after a departure;
:func:`tracker.queries.events.tenures`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ChangeEvent, Group, MemberBody, Post, PostAttribution, Role, Snapshot

ALERTABLE_KINDS = ("appointment", "departure", "role_change", "secretariat_transfer")


@dataclass(frozen=True)
class View:
    key: str
    kind: str  # an alert kind (config.ALERT_EVENTS)
    role: str | None
    post_id: int | None  # the post the alert is about (the departed one for departures)
    previous_post_id: int | None  # transfers: the post that ended
    event: ChangeEvent


FACT_PREFIX = "f:"
FACT_LENGTH = len(FACT_PREFIX) + 24  # event keys of fact alerts: "f:<24 hex>|<anchor date>"


@dataclass(frozen=True)
class Identity:
    """What an alert is about (see the module docstring)."""

    fact: str  # FACT_PREFIX + hash of (kind, body, group, role, subject post key, country)
    anchor: dt.date  # the subject post's valid_from
    subject: str  # the subject post key

    @property
    def event_key(self) -> str:
        return f"{self.fact}|{self.anchor.isoformat()}"


def identity(view: View, lookup: Lookup, country: str | None) -> Identity | None:
    """The identity of an alert about ``view`` with ``country`` (None without a subject post)."""
    post = lookup.post(view.post_id)
    if post is None:
        return None
    ev = view.event
    fact = "\x1f".join(
        [view.kind, ev.body, str(ev.group_id), view.role or "", post.key, country or ""]
    )
    digest = hashlib.sha1(fact.encode("utf-8")).hexdigest()[: FACT_LENGTH - len(FACT_PREFIX)]
    return Identity(FACT_PREFIX + digest, post.valid_from, post.key)


def views(ev: ChangeEvent) -> list[View]:
    """The alert kinds one change event stands for."""
    if ev.kind == "appointment":
        kind = "chair_elect" if ev.role == "chair_elect" else "appointment"
        return [View(ev.key, kind, ev.role, ev.post_id, None, ev)]
    if ev.kind == "departure":
        return [View(ev.key, "departure", ev.role, ev.previous_post_id, None, ev)]
    if ev.kind == "secretariat_transfer":
        return [View(ev.key, "secretariat_transfer", ev.role, ev.post_id, ev.previous_post_id, ev)]
    if ev.kind == "role_change":
        new_kind = "chair_elect" if ev.role == "chair_elect" else "appointment"
        old_role = (ev.details or {}).get("from_role")
        return [
            View(f"{ev.key}|as:{new_kind}", new_kind, ev.role, ev.post_id, None, ev),
            View(f"{ev.key}|as:departure", "departure", old_role, ev.previous_post_id, None, ev),
        ]
    return []


def recent_events(session: Session, since: dt.datetime) -> list[ChangeEvent]:
    """Alertable change events proven by snapshots stored since ``since``."""
    q = (
        select(ChangeEvent)
        .join(Snapshot, ChangeEvent.after_snapshot_id == Snapshot.id)
        .where(ChangeEvent.kind.in_(ALERTABLE_KINDS), Snapshot.created_at >= since)
        .order_by(ChangeEvent.after_date, ChangeEvent.id)
    )
    return list(session.scalars(q))


class Lookup:
    """Cached look-ups of posts, attributions, groups and role names for one matching pass."""

    def __init__(self, session: Session):
        self.session = session
        self._roles: dict[str, str] | None = None
        self._attr: dict[tuple[int, str], tuple[str | None, bool]] = {}

    def post(self, post_id: int | None) -> Post | None:
        return self.session.get(Post, post_id) if post_id else None

    def group(self, group_id: int | None) -> Group | None:
        return self.session.get(Group, group_id) if group_id else None

    def role_name(self, slug: str | None) -> str | None:
        if self._roles is None:
            self._roles = dict(self.session.execute(select(Role.slug, Role.name)).all())
        return self._roles.get(slug, slug) if slug else None

    def country(self, post: Post | None, mode: str | None) -> tuple[str | None, str | None]:
        """(country, basis) of a post: its default attribution, or the one of basis ``mode``."""
        if post is None:
            return None, None
        if mode is None:
            return post.country, post.country_basis
        key = (post.id, mode)
        if key not in self._attr:
            row = self.session.scalar(
                select(PostAttribution).where(
                    PostAttribution.post_id == post.id, PostAttribution.basis == mode
                )
            )
            self._attr[key] = (row.country if row else None, bool(row and row.derived))
        return self._attr[key][0], mode

    def snapshot_url(self, snapshot_id: int | None) -> str | None:
        snap = self.session.get(Snapshot, snapshot_id) if snapshot_id else None
        return snap.url if snap else None

    def organisation(self, post: Post | None) -> str | None:
        if post is None:
            return None
        if post.organization_label:
            return post.organization_label
        if post.member_body_id:
            body = self.session.get(MemberBody, post.member_body_id)
            return body.name or body.acronym if body else None
        return None


def payload(view: View, lookup: Lookup, mode: str | None) -> dict:
    """Everything a message about ``view`` says, under attribution ``mode``."""
    ev = view.event
    post = lookup.post(view.post_id)
    prev = lookup.post(view.previous_post_id)
    group = lookup.group(ev.group_id)
    country, basis = lookup.country(post, mode)
    prev_country, _ = lookup.country(prev, mode)
    holder = post.holder_label if post else (ev.holder or ev.previous_holder)
    attrs = (post.attrs or {}) if post else {}
    ident = identity(view, lookup, country)
    return {
        "key": ident.event_key if ident else view.key,
        "kind": view.kind,
        "body": ev.body,
        "group": group.code if group else None,
        "group_name": group.name if group else None,
        "role": view.role,
        "role_label": lookup.role_name(view.role),
        "holder": holder,
        "holder_kind": post.holder_kind if post else None,
        "person": holder if post is not None and post.holder_kind == "person" else None,
        "organization": lookup.organisation(post),
        "country": country,
        "basis": basis,
        "previous_holder": prev.holder_label if prev else None,
        "previous_country": prev_country,
        "first_seen": ev.after_date.isoformat(),
        "last_seen_before": ev.before_date.isoformat() if ev.before_date else None,
        "source_url": attrs.get("source_url") or lookup.snapshot_url(ev.after_snapshot_id),
        "elected_on": attrs.get("elected_on"),
        "term_end": post.expected_end if post else None,
    }


def matches(view: View, lookup: Lookup, rule) -> bool:
    """Does ``rule`` (a :class:`tracker.alerts.config.Rule`) want this view?"""
    ev = view.event
    if view.kind not in rule.events:
        return False
    if rule.bodies and ev.body not in rule.bodies:
        return False
    if rule.roles:
        wanted = set(rule.roles)
        if view.kind == "chair_elect":
            wanted |= {"chair_elect"} if "chair" in wanted else set()
        if view.role not in wanted:
            return False
    if rule.groups and not in_groups(lookup.group(ev.group_id), rule.groups):
        return False
    if rule.countries:
        posts = [lookup.post(view.post_id), lookup.post(view.previous_post_id)]
        countries = {lookup.country(p, rule.attribution)[0] for p in posts if p is not None}
        if not countries & set(rule.countries):
            return False
    return True


def in_groups(group: Group | None, wanted: tuple[str, ...]) -> bool:
    """A group named in ``wanted``, below one of them by reference, or tagged with one."""
    if group is None:
        return False
    families = group.families or ""
    return any(
        group.code == g or group.code.startswith(g + "/") or f"|{g}|" in families for g in wanted
    )

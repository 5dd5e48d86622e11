"""Ballot votes (participation) and declared corporate groups (who belongs to whom)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AnalystOverride, BallotVote, Organization, Snapshot
from tracker.orgs.store import OrgStore, now

VOTE_FIELDS = ("project", "country", "country_raw", "member_type", "vote", "will_participate",
               "experts_nominated", "vote_date", "closing_date", "result")


def apply_votes(session: Session, snap: Snapshot, records: list[dict], group_for) -> int:
    """One row per (body, document, country); a later listing of the ballot replaces it."""
    for rec in records:
        group = group_for(rec)
        row = session.scalar(select(BallotVote).where(
            BallotVote.body == rec["body"], BallotVote.document == rec["document"],
            BallotVote.country == rec.get("country")))
        if row is None:
            row = BallotVote(body=rec["body"], document=rec["document"])
            session.add(row)
        row.group_id, row.snapshot_id = group.id, snap.id
        for field in VOTE_FIELDS:
            value = rec.get(field)
            setattr(row, field, bool(value) if field in ("will_participate", "experts_nominated")
                    and value is not None else value)
    session.flush()
    return len(records)


def apply_corporate_links(session: Session, snap: Snapshot, records: list[dict]) -> int:
    """3GPP's declared corporate groups are the preferred source of subsidiary -> parent links:
    they override the registry's parent, but never an analyst's own decision."""
    store = OrgStore(session)
    analyst_set = set(session.scalars(select(AnalystOverride.target).where(
        AnalystOverride.action == "org_set_parent", AnalystOverride.created_by != "3gpp-corporate-groups")))
    changed = 0
    for rec in records:
        child = _org(store, rec["organization"], rec.get("partner_org"))
        parent = _org(store, rec["parent"], None)
        if child.id == parent.id or child.key in analyst_set or child.parent_id == parent.id:
            continue
        if child.id in {o.id for o in store.chain(parent)}:
            continue  # would make a cycle: keep what we have
        old = child.parent_id
        child.parent_id = parent.id
        session.add(AnalystOverride(action="org_set_parent", target=child.key,
                                    value={"parent": parent.key, "previous_parent_id": old,
                                           "source_url": rec.get("source_url")},
                                    created_by="3gpp-corporate-groups", created_at=now()))
        changed += 1
    session.flush()
    if changed:
        from tracker.orgs.reattribute import reattribute

        reattribute(session)
    return changed


def _org(store: OrgStore, name: str, partner_org: str | None) -> Organization:
    org, _ = store.resolve(name)
    if org is not None:
        return org
    from tracker.orgs.resolver import fold_plain

    key = "3gpp:" + fold_plain(name).replace(" ", "-")
    existing = store.by_key(key)
    if existing is not None:
        return existing
    org = Organization(key=key, name=name, kind="company", partner_org=partner_org,
                       source="3gpp-corporate-groups")
    store.session.add(org)
    store.session.flush()
    store.alias(name, key, "3gpp-corporate-groups", log=False)
    return org

"""Person de-duplication: candidate pairs for review, merges and "distinct" decisions.

Matching at import is conservative (same key = same person).  Pairs that *may* be one person
(initials, romanisation variants, swapped order without case cues) are queued here and never
merged automatically.  A merge moves posts and aliases to the kept person and rewrites the
posts' keys, so later crawls of either spelling continue the same intervals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import AnalystOverride, Person, PersonAlias, PersonReview, Post
from tracker.normalise.names import compare


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _bucket(person: Person) -> set[str]:
    """Cheap blocking keys: folded family name and its initial-free variants."""
    parts = person.match_key.split()
    return {p for p in parts if len(p) > 1} or set(parts)


def refresh_queue(session: Session) -> int:
    """Add pending reviews for new 'possible' pairs; decided pairs are never re-proposed."""
    people = session.scalars(select(Person)).all()
    known = {(r.person_a_id, r.person_b_id) for r in session.scalars(select(PersonReview))}
    buckets: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        for key in _bucket(person):
            buckets[key].append(person)
    added = 0
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pair = (min(a.id, b.id), max(a.id, b.id))
                if pair in known or a.id == b.id:
                    continue
                verdict = compare(a.display_name, b.display_name)
                if verdict != "possible":
                    continue
                first, second = (a, b) if a.id < b.id else (b, a)
                session.add(PersonReview(person_a_id=pair[0], person_b_id=pair[1], name_a=first.display_name,
                                         name_b=second.display_name, reason="names may denote one person",
                                         status="pending", created_at=_now()))
                known.add(pair)
                added += 1
    session.flush()
    return added


def pending(session: Session) -> list[PersonReview]:
    return list(session.scalars(select(PersonReview).where(PersonReview.status == "pending")
                                .order_by(PersonReview.id)))


def _review(session: Session, a: int, b: int) -> PersonReview:
    pair = (min(a, b), max(a, b))
    review = session.scalar(select(PersonReview).where(
        PersonReview.person_a_id == pair[0], PersonReview.person_b_id == pair[1]))
    if review is None:
        pa, pb = session.get(Person, pair[0]), session.get(Person, pair[1])
        if pa is None or pb is None:
            raise ValueError(f"no person with id {pair[0] if pa is None else pair[1]}")
        review = PersonReview(person_a_id=pair[0], person_b_id=pair[1], name_a=pa.display_name,
                              name_b=pb.display_name, reason="analyst", status="pending", created_at=_now())
        session.add(review)
    return review


def merge(session: Session, keep_id: int, drop_id: int, by: str) -> Person:
    """Merge person ``drop_id`` into ``keep_id``: posts, aliases and post keys move over."""
    if keep_id == drop_id:
        raise ValueError("cannot merge a person into itself")
    keep, drop = session.get(Person, keep_id), session.get(Person, drop_id)
    if keep is None or drop is None:
        raise ValueError(f"no person with id {keep_id if keep is None else drop_id}")
    review = _review(session, keep_id, drop_id)
    old_key, new_key = f"|p:{drop.match_key}", f"|p:{keep.match_key}"
    for post in session.scalars(select(Post).where(Post.person_id == drop.id)):
        post.person_id = keep.id
        post.key = post.key.replace(old_key, new_key)
    session.execute(update(PersonAlias).where(PersonAlias.person_id == drop.id).values(person_id=keep.id))
    session.flush()
    if not session.scalar(select(PersonAlias.id).where(PersonAlias.person_id == keep.id,
                                                       PersonAlias.raw == drop.display_name)):
        session.add(PersonAlias(person_id=keep.id, raw=drop.display_name, match_key=drop.match_key,
                                source="merge"))
    review.status, review.decided_by, review.decided_at = "merged", by, _now()
    session.add(AnalystOverride(action="person_merge", target=str(keep.id),
                                value={"merged": drop.id, "name": drop.display_name, "key": drop.match_key},
                                created_by=by, created_at=_now()))
    session.flush()
    session.execute(update(PersonReview).where(PersonReview.person_b_id == drop.id, PersonReview.status == "pending")
                    .values(status="merged", decided_by=by, decided_at=_now()))
    session.delete(drop)
    session.flush()
    return keep


def distinct(session: Session, a: int, b: int, by: str) -> PersonReview:
    """Record that two people are different: the pair is never proposed again."""
    review = _review(session, a, b)
    review.status, review.decided_by, review.decided_at = "distinct", by, _now()
    session.add(AnalystOverride(action="person_distinct", target=f"{min(a, b)},{max(a, b)}", value=None,
                                created_by=by, created_at=_now()))
    session.flush()
    return review

"""Turn the names in records into store rows: member bodies, people, organisations.

Caches everything it looks up for the duration of one import.  Unknown member-body
acronyms are created with no country and reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import MemberBody, Person, PersonAlias
from tracker.normalise import member_bodies as mb

CHUNK = 900  # values per IN (...) list


def _chunks(items: list) -> Iterator[list]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


@lru_cache(maxsize=200_000)
def _parse_name(raw: str):
    from tracker.normalise import names

    return names.parse_name(raw)


class Resolver:
    def __init__(self, session: Session):
        self.session = session
        self._bodies: dict[tuple[str, str], MemberBody] = {}
        self._people: dict[str, Person] = {}
        self._orgs = None  # OrgStore, built on first use
        self._aliases_seen: set[tuple[int, str]] = set()
        self._by_raw: dict[str, Person] = {}
        self.warnings: list[str] = []

    # -- member bodies -------------------------------------------------------------
    def member_body(self, body: str, acronym: str) -> MemberBody:
        table_body = "ISO" if body in ("ISO", "ISO/IEC") else body
        key = (table_body, acronym.strip())
        if key in self._bodies:
            return self._bodies[key]
        row = self.session.scalar(
            select(MemberBody).where(MemberBody.body == key[0], MemberBody.acronym == key[1])
        )
        if row is None:
            known = mb.lookup(key[0], key[1])
            country = known.country if known else None
            if known is None or getattr(known, "unknown", False):  # a region (ETSI) is known
                self.warnings.append(f"unknown {key[0]} member body acronym {key[1]!r}: no country")
            row = MemberBody(
                body=key[0],
                acronym=key[1],
                name=known.name if known else None,
                country=country,
                kind=known.kind if known else None,
            )
            self.session.add(row)
            self.session.flush()
        self._bodies[key] = row
        return row

    # -- people ----------------------------------------------------------------------
    def person(self, raw: str, source: str) -> Person:
        if raw in self._by_raw:
            return self._by_raw[raw]
        person = self._person(raw, source)
        self._by_raw[raw] = person
        return person

    def prefetch_people(self, raws: Iterable[str], source: str) -> None:
        """Resolve every name of a snapshot with a few chunked queries and one flush
        (instead of two queries per name): the same rules as :meth:`person`."""
        todo = [r for r in dict.fromkeys(raws) if r and r not in self._by_raw]
        if not todo:
            return
        parsed = {raw: _parse_name(raw) for raw in todo}
        keys = list({p.key for p in parsed.values()} - set(self._people))
        for chunk in _chunks(keys):
            for person in self.session.scalars(select(Person).where(Person.match_key.in_(chunk))):
                self._people.setdefault(person.match_key, person)
        missing = [k for k in keys if k not in self._people]
        for chunk in _chunks(missing):  # spellings merged into another person by an analyst
            rows = self.session.execute(select(PersonAlias.match_key, Person).join(
                Person, PersonAlias.person_id == Person.id).where(PersonAlias.match_key.in_(chunk)))
            for key, person in rows:
                self._people.setdefault(key, person)
        new = {}
        for p in parsed.values():
            if p.key not in self._people and p.key not in new:
                new[p.key] = Person(display_name=p.display, given=p.given, family=p.family, match_key=p.key)
        if new:
            self.session.add_all(new.values())
            self.session.flush()
            self._people.update(new)
        ids = list({self._people[p.key].id for p in parsed.values()})
        for chunk in _chunks(ids):
            rows = self.session.execute(
                select(PersonAlias.person_id, PersonAlias.raw).where(PersonAlias.person_id.in_(chunk))
            )
            self._aliases_seen.update((pid, raw) for pid, raw in rows)
        for raw, p in parsed.items():
            person = self._people[p.key]
            self._by_raw[raw] = person
            if (person.id, raw) not in self._aliases_seen:
                self._aliases_seen.add((person.id, raw))
                self.session.add(PersonAlias(person_id=person.id, raw=raw, match_key=p.key, source=source))

    def _person(self, raw: str, source: str) -> Person:
        parsed = _parse_name(raw)
        key = parsed.key
        if key in self._people:
            person = self._people[key]
        else:
            person = self.session.scalar(select(Person).where(Person.match_key == key))
            if person is None:  # a spelling merged into another person by an analyst
                alias = self.session.scalar(select(PersonAlias).where(PersonAlias.match_key == key).limit(1))
                person = self.session.get(Person, alias.person_id) if alias else None
            if person is None:
                person = Person(
                    display_name=parsed.display,
                    given=parsed.given,
                    family=parsed.family,
                    match_key=key,
                )
                self.session.add(person)
                self.session.flush()
            self._people[key] = person
        if (person.id, raw) not in self._aliases_seen:
            self._aliases_seen.add((person.id, raw))
            alias = self.session.scalar(
                select(PersonAlias).where(PersonAlias.person_id == person.id, PersonAlias.raw == raw)
            )
            if alias is None:
                self.session.add(PersonAlias(person_id=person.id, raw=raw, match_key=key, source=source))
        return person

    # -- organisations -----------------------------------------------------------------
    def organization(self, label: str | None, country: str | None = None):
        """(organisation id or None, attribution bases) for a printed organisation name."""
        if not label:
            return None, []
        if self._orgs is None:
            from tracker.orgs.store import OrgStore

            self._orgs = OrgStore(self.session)
        org, bases = self._orgs.resolve(label, country)
        return (org.id if org else None), list(bases)

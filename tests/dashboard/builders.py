"""Hand-made stores for query tests: a few rows with known intervals, written through the ORM.

The importer is the only writer of real data; these rows stand in for what it would write, so
that interval arithmetic can be checked against counts worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools

from db.models import (
    ChangeEvent,
    Document,
    DocumentSource,
    Group,
    GroupVersion,
    Organization,
    Person,
    PersonAlias,
    Post,
    PostAttribution,
    Snapshot,
    SourceRun,
)

D = dt.date.fromisoformat


class StoreBuilder:
    def __init__(self, session):
        self.s = session
        self._n = itertools.count(1)
        self.snap = self.snapshot("2020-01-01")

    def snapshot(
        self,
        day: str,
        source: str = "test",
        status: str = "applied",
        url: str | None = None,
        reason: str | None = None,
        raw: bytes | None = None,
    ) -> Snapshot:
        n = next(self._n)
        snap = Snapshot(
            source=source,
            scope=source,
            url=url or f"https://example.org/{source}/{n}",
            fetched_at=dt.datetime.combine(D(day), dt.time(8, 30)),
            observed_at=D(day),
            content_hash=f"h{n}",
            parser_name="records-jsonl",
            parser_version="1",
            status=status,
            reason=reason,
            created_at=dt.datetime(2025, 1, 1),
            raw_gz=raw,
        )
        self.s.add(snap)
        self.s.flush()
        return snap

    def group(
        self,
        code: str,
        body: str = "ITU-T",
        name: str | None = None,
        parent: Group | None = None,
        versions: tuple = (),
    ) -> Group:
        """``versions``: (start, end, status[, scope]) tuples (scope ``test`` by default)."""
        group = Group(
            body=body,
            code=code,
            name=name or f"Group {code}",
            parent_id=parent.id if parent else None,
        )
        self.s.add(group)
        self.s.flush()
        for start, end, status, *scope in versions:
            self.s.add(
                GroupVersion(
                    group_id=group.id,
                    scope=scope[0] if scope else "test",
                    code=code,
                    name=group.name,
                    status=status,
                    state_hash=f"{code}{start}",
                    valid_from=D(start),
                    valid_to=D(end) if end else None,
                    first_snapshot_id=self.snap.id,
                    last_snapshot_id=self.snap.id,
                )
            )
        self.s.flush()
        return group

    def person(self, name: str) -> Person:
        person = Person(display_name=name, match_key=name.casefold())
        self.s.add(person)
        self.s.flush()
        return person

    def post(
        self,
        group: Group,
        role: str,
        country: str | None,
        start: str,
        end: str | None = None,
        basis: str = "listed",
        holder: str | None = None,
        person: Person | None = None,
        organization: str | None = None,
        others: dict[str, str | None] | None = None,
        snapshot: Snapshot | None = None,
        key: str | None = None,
        scope: str = "test",
    ) -> Post:
        """One post interval; give two of them the same ``key`` (and different scopes) for one
        post shown by two sources."""
        n = next(self._n)
        snap = snapshot or self.snap
        post = Post(
            key=key or f"k{n}",
            scope=scope,
            group_id=group.id,
            role=role,
            role_raw=role,
            holder_kind="person",
            holder_label=holder or (person.display_name if person else f"P{n}"),
            person_id=person.id if person else None,
            organization_label=organization,
            country=country,
            country_basis=basis if country else None,
            valid_from=D(start),
            valid_to=D(end) if end else None,
            first_snapshot_id=snap.id,
            last_snapshot_id=snap.id,
            record_hash=str(n),
        )
        self.s.add(post)
        self.s.flush()
        for b, c in {basis: country, **(others or {})}.items():
            self.s.add(PostAttribution(post_id=post.id, basis=b, country=c))
        self.s.flush()
        return post

    def alias(self, person: Person, raw: str) -> None:
        self.s.add(PersonAlias(person_id=person.id, raw=raw, match_key=raw.casefold()))
        self.s.flush()

    def event(
        self, kind: str, group: Group, after: Snapshot, before: Snapshot | None = None, **kw
    ) -> ChangeEvent:
        ev = ChangeEvent(
            key=f"{kind}|{group.id}|{after.id}|{next(self._n)}",
            kind=kind,
            body=group.body,
            scope="test",
            group_id=group.id,
            after_snapshot_id=after.id,
            after_date=after.observed_at,
            before_snapshot_id=before.id if before else None,
            before_date=before.observed_at if before else None,
            **kw,
        )
        self.s.add(ev)
        self.s.flush()
        return ev

    def document(
        self,
        group: Group,
        number: str,
        meeting: str,
        sources: list[tuple[str, str | None]],
        snapshot: Snapshot | None = None,
        countable: bool = True,
        org: Organization | None = None,
    ) -> Document:
        doc = Document(
            body=group.body,
            number=number,
            group_id=group.id,
            meeting=meeting,
            countable=countable,
            snapshot_id=(snapshot or self.snap).id,
        )
        self.s.add(doc)
        self.s.flush()
        for label, country in sources:
            self.s.add(
                DocumentSource(
                    document_id=doc.id,
                    label=label,
                    country=country,
                    n_sources=len(sources),
                    organization_id=org.id if org and org.name == label else None,
                )
            )
        self.s.flush()
        return doc

    def organization(self, name: str, country: str | None = None) -> Organization:
        org = Organization(key=name.casefold(), name=name, hq_country=country)
        self.s.add(org)
        self.s.flush()
        return org

    def run(
        self,
        source: str,
        status: str,
        items: int | None = None,
        reason: str | None = None,
        started: str = "2025-08-20T06:00:00",
    ) -> SourceRun:
        run = SourceRun(
            source=source,
            status=status,
            items=items,
            reason=reason,
            started_at=dt.datetime.fromisoformat(started),
        )
        self.s.add(run)
        self.s.flush()
        return run

    def commit(self) -> None:
        self.s.commit()

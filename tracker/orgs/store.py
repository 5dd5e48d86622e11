"""Organisations in the store: registry entries materialised on first use, analyst overrides
(aliases, added organisations, parents) consulted first, countries read from the stored chain.

Registry rows are created once and never overwritten by later imports, so an analyst's
``set-parent`` or ``add`` survives every re-crawl.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AnalystOverride, Organization, OrganizationAlias
from tracker.normalise.countries import is_country
from tracker.orgs import default_resolver
from tracker.orgs.resolver import OP_COUNTRY, REGIONAL, fold_light

Basis = tuple[str, str | None, str | None, bool]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class OrgStore:
    def __init__(self, session: Session, resolver=None):
        self.session = session
        self.resolver = resolver or default_resolver()
        self._by_key: dict[str, Organization] = {}
        self._aliases = dict(
            session.execute(
                select(OrganizationAlias.alias, OrganizationAlias.organization_id).where(
                    OrganizationAlias.source == "analyst"
                )
            ).all()
        )
        self._cache: dict[tuple[str, str | None], tuple[Organization | None, list[Basis]]] = {}

    # -- rows ---------------------------------------------------------------------------
    def by_key(self, key: str) -> Organization | None:
        if key not in self._by_key:
            org = self.session.scalar(select(Organization).where(Organization.key == key))
            if org is None and key in self.resolver.registry.orgs:
                org = self._materialise(key)
            if org is None:
                return None
            self._by_key[key] = org
        return self._by_key[key]

    def _materialise(self, key: str) -> Organization:
        seed = self.resolver.registry.orgs[key]
        parent = None
        if (
            seed.parent_key
            and seed.parent_key in self.resolver.registry.orgs
            and seed.parent_key != key
        ):
            parent = self.by_key(seed.parent_key)
        org = Organization(
            key=key,
            name=seed.name,
            kind=seed.kind,
            parent_id=parent.id if parent else None,
            registration_country=seed.registration_country,
            hq_country=seed.hq_country,
            partner_org=seed.partner_org,
            source="registry",
            synthetic=bool(getattr(seed, "synthetic", False)),
        )
        self.session.add(org)
        self.session.flush()
        return org

    # -- resolution ---------------------------------------------------------------------------
    def resolve(
        self, label: str | None, country: str | None = None
    ) -> tuple[Organization | None, list[Basis]]:
        """(organisation row, attribution bases) for a printed name; (None, []) if unknown."""
        if not label:
            return None, []
        cache_key = (label, country)
        if cache_key in self._cache:
            return self._cache[cache_key]
        org, how, printed_op = None, None, None
        alias_id = self._aliases.get(fold_light(label))
        if alias_id is not None:
            org, how = self.session.get(Organization, alias_id), "analyst alias"
        else:
            res = self.resolver.resolve(label, country)
            if res is not None:
                org, how, printed_op = self.by_key(res.key), res.matched_by, res.printed_partner_org
        result = (org, self.bases(org, how, printed_op) if org else [])
        self._cache[cache_key] = result
        return result

    def chain(self, org: Organization) -> list[Organization]:
        out, seen = [org], {org.id}
        while out[-1].parent_id and out[-1].parent_id not in seen:
            parent = self.session.get(Organization, out[-1].parent_id)
            if parent is None:
                break
            out.append(parent)
            seen.add(parent.id)
        return out

    def bases(
        self, org: Organization, how: str | None = None, printed_op: str | None = None
    ) -> list[Basis]:
        top = self.chain(org)[-1]
        out: list[Basis] = []
        hq = None if top.kind == REGIONAL else (top.hq_country or top.registration_country)
        if hq:
            out.append(("hq", hq, f"org {org.key} ({how}); hq of {top.key}", True))
        if org.registration_country and org.kind != REGIONAL and top.kind != REGIONAL:
            out.append(("registration", org.registration_country, f"org {org.key} ({how})", True))
        # a regional / international body's seat is not a nationality (ETSI, WHO, O-RAN Alliance)
        op = printed_op or org.partner_org
        if op and OP_COUNTRY.get(op):
            out.append(("partner_org", OP_COUNTRY[op], f"{op} (organisation's partner)", True))
        return out

    # -- analyst actions ----------------------------------------------------------------------
    def log(
        self, action: str, target: str, value: dict | None, by: str, note: str | None = None
    ) -> None:
        self.session.add(
            AnalystOverride(
                action=action,
                target=target,
                value=value,
                note=note,
                created_by=by,
                created_at=now(),
            )
        )

    def add(self, key: str, name: str, by: str, **fields) -> Organization:
        if self.by_key(key) is not None:
            raise ValueError(f"organisation {key!r} exists already")
        parent_key = fields.pop("parent", None)
        parent = self.by_key(parent_key) if parent_key else None
        if parent_key and parent is None:
            raise ValueError(f"unknown parent organisation {parent_key!r}")
        for field in ("registration_country", "hq_country"):
            if fields.get(field) is not None:
                code = str(fields[field]).strip().upper()
                if len(code) != 2 or not is_country(code):
                    raise ValueError(f"{field} {fields[field]!r} is not an alpha-2 country code")
                fields[field] = code
        org = Organization(
            key=key, name=name, parent_id=parent.id if parent else None, source="analyst", **fields
        )
        self.session.add(org)
        self.session.flush()
        self._by_key[key] = org
        self.alias(name, key, by, log=False)
        self.log("org_add", key, {"name": name, "parent": parent_key, **fields}, by)
        return org

    def alias(self, alias: str, key: str, by: str, log: bool = True) -> OrganizationAlias:
        org = self.by_key(key)
        if org is None:
            raise ValueError(f"unknown organisation {key!r}")
        folded = fold_light(alias)
        row = self.session.scalar(
            select(OrganizationAlias).where(OrganizationAlias.alias == folded)
        )
        if row is None:
            row = OrganizationAlias(
                alias=folded,
                organization_id=org.id,
                source="analyst",
                created_by=by,
                created_at=now(),
            )
            self.session.add(row)
        else:
            row.organization_id, row.created_by, row.created_at = org.id, by, now()
        self._aliases[folded] = org.id
        self._cache.clear()
        if log:
            self.log("org_alias", key, {"alias": alias}, by)
        return row

    def set_parent(self, key: str, parent_key: str | None, by: str) -> Organization:
        org = self.by_key(key)
        if org is None:
            raise ValueError(f"unknown organisation {key!r}")
        parent = self.by_key(parent_key) if parent_key else None
        if parent_key and parent is None:
            raise ValueError(f"unknown parent organisation {parent_key!r}")
        if parent is not None and org.id in {o.id for o in self.chain(parent)}:
            raise ValueError(f"{parent_key!r} is below {key!r}: that would make a cycle")
        old = org.parent_id
        org.parent_id = parent.id if parent else None
        self._cache.clear()
        self.log("org_set_parent", key, {"parent": parent_key, "previous_parent_id": old}, by)
        return org

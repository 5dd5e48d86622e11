"""Per-parser adjustments applied by the importer before records become facts.

Parsers stay faithful to their page; what the *store* needs on top (external group ids in
one shape, terms turned into stated periods) is decided here, in one table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# 3GPP terms last two years (SOURCES.md 4.1): an election announces a post for that period.
TGPP_TERM_YEARS = 2


def _identifiers(record: dict) -> dict:
    ids = dict(record.get("identifiers") or {})
    if record.get("iso_id"):
        ids.setdefault("iso-id", str(record["iso_id"]))
    if record.get("iec_org_id"):
        ids.setdefault("iec-org-id", str(record["iec_org_id"]))
    if ids:
        record["identifiers"] = ids
    return record


def _derive_nominating_body(records: list[dict]) -> list[dict]:
    """ISO/IEC chairs are nominated by the secretariat's member body, but pages print only
    names: give person posts that body as a *derived* member-body basis (SOURCES.md 6.2)."""
    secretariat = next((r.get("member_body") for r in records
                        if r.get("kind") == "post" and r.get("role") == "secretariat"), None)
    if not secretariat:
        return records
    out = []
    for rec in records:
        if rec.get("kind") == "post" and rec.get("person") and not rec.get("member_body") \
                and rec.get("role") not in ("staff", "secretariat"):
            rec = {**rec, "member_body": secretariat, "member_body_derived": True}
        out.append(rec)
    return out


def _election_period(record: dict) -> dict:
    if record.get("kind") == "post" and record.get("elected_on") and not record.get("valid_from"):
        start = dt.date.fromisoformat(record["elected_on"])
        record["valid_from"] = start.isoformat()
        record["valid_to"] = start.replace(year=start.year + TGPP_TERM_YEARS).isoformat()
        record["start"] = start.isoformat()
        record["period_derived"] = f"{TGPP_TERM_YEARS}-year 3GPP term from the election date"
    return record


# Steps over the whole page (need several records at once), then per record.
PAGE_ADAPTERS: dict[str, list[Callable[[list[dict]], list[dict]]]] = {
    "iso-committee": [_derive_nominating_body],
    "iec-committee": [_derive_nominating_body],
}
ADAPTERS: dict[str, list[Callable[[dict], dict]]] = {
    "iso-committee": [_identifiers],
    "iec-committee": [_identifiers],
    "iec-committee-list": [_identifiers],
    "tgpp-election": [_election_period],
}


def adapt(parser: str, records: list[dict]) -> list[dict]:
    for page_step in PAGE_ADAPTERS.get(parser, []):
        records = page_step(records)
    steps = ADAPTERS.get(parser, [])
    if not steps:
        return records
    out = []
    for rec in records:
        rec = dict(rec)
        for step in steps:
            rec = step(rec)
        out.append(rec)
    return out

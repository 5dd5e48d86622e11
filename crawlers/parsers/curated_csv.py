"""Curated roster facts from a CSV (analysts' facts from press releases, reports, studies).

Columns (header names, case-insensitive; extra columns are kept in the record):
``body, group_code|group, role, person, organization, country, as_of, source_url|source``
and optionally ``group_name, subgroup, member_body, partner_org, organization_country,
valid_from, valid_to``.  ``as_of`` is a fuzzy date or span ("2021", "2013-01",
"term 2019-01 to 2022-01"); the fact holds over that period unless ``valid_from`` /
``valid_to`` say otherwise.  Every row is checked; :func:`parse` raises one
:class:`LayoutChanged` listing every bad row with its line number.
"""

from __future__ import annotations

import csv
import io
import re

from crawlers.parsers.common import LayoutChanged, clean, decode, post_record
from tracker.normalise.countries import to_alpha2
from tracker.normalise.dates import fuzzy_period
from tracker.normalise.roles import normalise_role

PARSER_VERSION = "1"
BODIES = {
    "ISO": "ISO",
    "ISO/IEC": "ISO",
    "IEC": "IEC",
    "ITU-T": "ITU-T",
    "ITU": "ITU-T",
    "3GPP": "3GPP",
}
PARTNER_ORGS = {"ARIB", "ATIS", "CCSA", "ETSI", "TSDSI", "TTA", "TTC"}
_OP_SUFFIX = re.compile(r"^(?P<org>.*?)\s*[(\-–]\s*(?P<op>[A-Z]{3,5})\s*\)?$")


def _col(row: dict, *names: str) -> str | None:
    """The first non-empty column; a value that is only a note in parentheses ("(null in
    dataset)", "(not named)") is no value."""
    for name in names:
        value = clean(row.get(name))
        if value and not (value.startswith("(") and value.endswith(")")):
            return value
    return None


def _row_record(row: dict, url: str) -> dict:
    body = BODIES.get((_col(row, "body") or "").upper())
    if body is None:
        raise ValueError(f"unknown body {row.get('body')!r}")
    group = _col(row, "group_code", "group")
    if not group:
        raise ValueError("no group")
    if body == "3GPP":
        from crawlers.parsers.tgpp_groups import normalise_group

        group = normalise_group(group) or group
    subgroup = _col(row, "subgroup")
    parent = None
    if subgroup:  # a working group / ad-hoc group of the named group
        parent, group = group, f"{group}/{subgroup}"
    role_raw = _col(row, "role")
    if not role_raw or normalise_role(role_raw) == "other":
        raise ValueError(f"role {role_raw!r} is not in config/lookups/roles.csv")
    period = None
    if row.get("valid_from"):
        period = fuzzy_period(row["valid_from"])
        if period and row.get("valid_to"):
            end = fuzzy_period(row["valid_to"])
            period = (period[0], end[0]) if end else None
    else:
        period = fuzzy_period(_col(row, "as_of"))
    if period is None:
        raise ValueError(f"no date in as_of {row.get('as_of')!r}")
    country_raw = _col(row, "country")
    country = to_alpha2(country_raw) if country_raw else None
    if country_raw and country is None:
        raise ValueError(f"country {country_raw!r} is not a country")
    organization = _col(row, "organization")
    partner_org = _col(row, "partner_org")
    if body == "3GPP" and organization and not partner_org:
        m = _OP_SUFFIX.match(organization)
        if m and m.group("op") in PARTNER_ORGS:
            organization, partner_org = clean(m.group("org")), m.group("op")
    role = normalise_role(role_raw)
    if parent:  # a chair of a working group is a WG chair
        role = {"chair": "wg_chair", "co_chair": "wg_chair", "vice_chair": "wg_vice_chair"}.get(
            role, role
        )
    person = _col(row, "person")
    member_body = _col(row, "member_body")
    if role == "secretariat" and not person and organization and not member_body:
        member_body, organization = organization, None
    unnamed = not (person or member_body or organization)
    if unnamed and not country:
        raise ValueError("no holder (person, member body or organisation) and no country")
    source = _col(row, "source_url", "source") or url
    org_country_raw = _col(row, "organization_country")
    org_country = to_alpha2(org_country_raw) if org_country_raw else None
    if org_country_raw and org_country is None:
        raise ValueError(f"organization_country {org_country_raw!r} is not a country")
    extras = {k: clean(v) for k, v in row.items() if k and v and k not in _KNOWN}
    record = post_record(
        body=body,
        group=group,
        role_raw=role_raw,
        source_url=source,
        person=person,
        organization=organization,
        country=country,
        country_raw=country_raw,
        group_name=subgroup or _col(row, "group_name"),
        member_body=member_body,
        partner_org=partner_org,
        subgroup=subgroup,
        parent_group=parent,
        organization_country=org_country,
        as_of=_col(row, "as_of"),
        valid_from=period[0].isoformat(),
        valid_to=period[1].isoformat(),
        curated_file=url,
        **extras,
    )
    record["role"] = role
    if unnamed:  # "Chair (name not given in source)", country known: a post all the same
        record["unnamed_holder"] = True
    return record


_KNOWN = {
    "body",
    "group_code",
    "group",
    "group_name",
    "subgroup",
    "role",
    "person",
    "organization",
    "country",
    "as_of",
    "source_url",
    "source",
    "member_body",
    "partner_org",
    "valid_from",
    "valid_to",
    "organization_country",
}


def parse_rows(body: bytes | str, url: str) -> tuple[list[dict], list[tuple[int, str]]]:
    """(records, [(line number, error)]): every row checked, nothing dropped silently."""
    text = decode(body).lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise LayoutChanged("empty CSV")
    reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    missing = {"body", "role", "as_of"} - set(reader.fieldnames)
    if missing or not ({"group_code", "group"} & set(reader.fieldnames)):
        raise LayoutChanged(f"CSV header lacks {sorted(missing) or ['group_code']}")
    records, errors = [], []
    for row in reader:
        try:
            records.append(_row_record(row, url))
        except ValueError as exc:
            errors.append((reader.line_num, str(exc)))
    return records, errors


def parse(body: bytes | str, url: str) -> list[dict]:
    records, errors = parse_rows(body, url)
    if errors:
        raise LayoutChanged("; ".join(f"line {n}: {e}" for n, e in errors))
    return records

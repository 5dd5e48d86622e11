"""Seed the organisation registry from bigbang's table and our curated file.

``load_bigbang`` reads ``datasets/organizations/organization_categories.csv`` (datactive
bigbang, MIT; columns name, category, "subsidiary of / alias of", stakeholdergroup,
nationality, "email domain names", "Membership Organization", "Wiki Page") and fixes its dirt
in code, never in the copy: runs of spaces that stand for lost commas ("Co.  Ltd." ->
"Co., Ltd."), trailing spaces and NBSPs, a mojibake and a few typos in names, misspelt
categories and stakeholder groups (``config/lookups/org_categories.csv`` maps them to a
``kind``), duplicate rows (one per 3GPP Organizational Partner membership: merged, a
conflicting nationality becomes None), self-parents, parents named but missing as rows
(created, ``synthetic``), joint parents ("Alibaba, Zhejiang University": no parent), and
nationality names (-> alpha-2 via ``to_alpha2``).  What was fixed is kept in ``notes``.

``load_curated`` reads ``config/organizations.csv`` (ours); ``build_registry`` lets each
curated row claim the bigbang rows named by its name or aliases, merge them under its key
and override their fields.  In the curated file an empty field keeps bigbang's value and
"-" clears it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from tracker.normalise.countries import is_country, to_alpha2
from tracker.orgs.resolver import KINDS, OP_COUNTRY, Registry, fold_legal, fold_plain
from tracker.paths import CONFIG_DIR

CLEAR = "-"
_EUROPE = set(
    "AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO "
    "SE SI SK".split()
)
_NAME_FIXES = [
    (re.compile(r"Universit\ufffdt"), "Universität"),
    (re.compile(r"\bIndidan\b"), "Indian"),
    (re.compile(r"\bBangalor\b"), "Bangalore"),
    (re.compile(r"\bMadria\b"), "Madrid"),
]
_ACRONYM = re.compile(r"^(?P<long>.+?)\s*\((?P<acr>[A-Z][A-Z0-9&]{2,7})\)$")


@dataclass
class OrgSeed:
    """One organisation as the seed files describe it (countries are alpha-2)."""

    key: str
    name: str
    kind: str | None = None
    parent_key: str | None = None
    registration_country: str | None = None
    hq_country: str | None = None
    partner_org: str | None = None
    memberships: tuple[str, ...] = ()  # every 3GPP OP the source lists
    aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    auto_aliases: tuple[str, ...] = ()  # acronyms read from the name: "(CATT)"
    source: str = "bigbang"
    synthetic: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def clean_name(raw: str) -> str:
    """Collapse bigbang's whitespace: a run of spaces inside a name was a comma."""
    text = raw.replace("\xa0", " ").strip()
    for rx, good in _NAME_FIXES:
        text = rx.sub(good, text)
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r"\s{2,}(?=\()|(?<=\))\s{2,}", " ", text)
    text = re.sub(r"\s{2,}", ", ", text)
    return re.sub(r",(?:\s*,)+", ",", text)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_plain(name).replace("&", "and")).strip("-")


def _row_key(raw: str) -> str:
    """Rows and parent references that differ only in case, spacing, punctuation or the
    spelling of a legal form ("Cisco Systems, Inc." / "Cisco Systems Inc.") are one entity."""
    return fold_legal(raw) or " ".join(raw.split()).casefold()


def _label_key(raw: str) -> str:
    return " ".join(raw.replace("\xa0", " ").split()).casefold()


def _lookup(path: Path | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    path = path or CONFIG_DIR / "lookups" / "org_categories.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {
        (r["field"], _label_key(r["spelling"])): (r["label"], r["kind"].strip())
        for r in csv.DictReader(lines)
    }


def _kind(categories: list[tuple[str, str]], group: tuple[str, str] | None) -> str | None:
    kinds = [k for _label, k in categories if k]
    if "national_standards_body" in kinds:
        return "national_standards_body"
    if group is not None:
        kind = group[1] or None
        return "consortium" if kind in (None, "company") and "consortium" in kinds else kind
    return kinds[0] if kinds else None


def _seed_from_row(row: dict, line: int, table: dict) -> OrgSeed:
    raw = row.get("name") or ""
    name = clean_name(raw)
    notes = [f"bigbang line {line}"]
    categories: list[tuple[str, str]] = []
    for part in (row.get("category") or "").split(","):
        if part.strip():
            hit = table.get(("category", _label_key(part)))
            if hit is None:
                notes.append(f"unknown category {part.strip()!r}")
            categories.append(hit or (" ".join(part.split()), ""))
    group = None
    if (row.get("stakeholdergroup") or "").strip():
        group = table.get(("stakeholdergroup", _label_key(row["stakeholdergroup"])))
        if group is None:
            notes.append(f"unknown stakeholder group {row['stakeholdergroup'].strip()!r}")
    nationality = (row.get("nationality") or "").strip()
    country = to_alpha2(nationality) if nationality else None
    if nationality and not country:
        notes.append(f"nationality {nationality!r} not a known country")
    op = (row.get("Membership Organization") or "").strip().upper()
    if op and op not in OP_COUNTRY and op != "OTHER":
        notes.append(f"unknown membership {op!r}")
    domains = [d.strip().lower() for d in (row.get("email domain names") or "").split(",")]
    collapsed = " ".join(raw.replace("\xa0", " ").split())
    acronym = _ACRONYM.match(name)
    auto = ()
    if acronym and not to_alpha2(acronym["acr"]):
        auto = (acronym["acr"], acronym["long"])
    return OrgSeed(
        key=slug(name),
        name=name,
        kind=_kind(categories, group),
        registration_country=country,
        memberships=(op,) if op in OP_COUNTRY else (),
        aliases=(collapsed,) if collapsed != name else (),
        email_domains=tuple(d for d in domains if d),
        categories=tuple(dict.fromkeys(label for label, _k in categories)),
        auto_aliases=auto,
        notes=tuple(notes),
    )


def _merge_rows(a: OrgSeed, b: OrgSeed) -> OrgSeed:
    """Same name twice (one row per OP membership): union lists, keep agreed fields."""
    notes = list(a.notes) + [n for n in b.notes if n not in a.notes]
    merged = {}
    for attr in ("kind", "registration_country", "parent_key"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x and y and x != y:
            notes.append(f"conflicting {attr} in merged rows: {x} / {y}: left empty")
            merged[attr] = None if attr != "kind" else x
        else:
            merged[attr] = x or y
    return replace(
        a,
        **merged,
        memberships=tuple(dict.fromkeys(a.memberships + b.memberships)),
        aliases=tuple(n for n in dict.fromkeys(a.aliases + (b.name,) + b.aliases) if n != a.name),
        email_domains=tuple(dict.fromkeys(a.email_domains + b.email_domains)),
        categories=tuple(dict.fromkeys(a.categories + b.categories)),
        auto_aliases=tuple(dict.fromkeys(a.auto_aliases + b.auto_aliases)),
        notes=tuple(notes),
    )


def _unique(key: str, used: set[str]) -> str:
    out, n = key, 2
    while out in used:
        out, n = f"{key}-{n}", n + 1
    used.add(out)
    return out


def load_bigbang(path: Path | str, issues: list[str] | None = None) -> list[OrgSeed]:
    """One cleaned ``OrgSeed`` per distinct bigbang organisation, plus synthetic parents."""
    issues = issues if issues is not None else []
    table = _lookup()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    seeds: dict[str, OrgSeed] = {}
    parents: dict[str, str] = {}
    used: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not (row.get("name") or "").strip():
            issues.append(f"bigbang line {line}: row without a name skipped")
            continue
        seed = _seed_from_row(row, line, table)
        rk = _row_key(row["name"])
        if rk in seeds:
            seeds[rk] = _merge_rows(seeds[rk], seed)
        else:
            seed.key = _unique(seed.key, used)
            seeds[rk] = seed
        parent = (row.get("subsidiary of / alias of") or "").strip()
        if parent:
            parents.setdefault(rk, parent)
    for rk, parent_raw in parents.items():
        seed, prk = seeds[rk], _row_key(parent_raw)
        if prk == rk:
            seed.notes += ("names itself as parent: ignored",)
        elif prk in seeds:
            seed.parent_key = seeds[prk].key
        elif "," in parent_raw:
            seed.notes += (f"joint parents {parent_raw!r}: no single parent",)
        else:
            name = clean_name(parent_raw)
            parent = OrgSeed(
                key=_unique(slug(name), used),
                name=name,
                synthetic=True,
                notes=(f"synthetic: named as parent of {seed.name!r} but missing as a row",),
            )
            seeds[prk] = parent
            seed.parent_key = parent.key
    return list(seeds.values())


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split("|") if p.strip())


def _split_patterns(value: str) -> tuple[str, ...]:
    """Split on "|" outside groups and classes: a top-level "|" in a regex is itself an
    alternation of whole patterns, so splitting there changes nothing."""
    out, cur, depth, in_class, escaped = [], "", 0, False, False
    for ch in value or "":
        if escaped:
            cur, escaped = cur + ch, False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "(" and not in_class:
            depth += 1
        elif ch == ")" and not in_class:
            depth -= 1
        elif ch == "|" and depth == 0 and not in_class:
            out.append(cur)
            cur = ""
            continue
        cur += ch
    out.append(cur)
    return tuple(p.strip() for p in out if p.strip())


def load_curated(path: Path | str) -> list[OrgSeed]:
    """Rows of ``config/organizations.csv`` as seeds; "-" in a field means "clear it".

    Raises ``ValueError`` on a duplicate key, an unknown kind, OP or country code, or a
    pattern that does not compile: the curated file is ours and must be right.
    """
    text = Path(path).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: list[OrgSeed] = []
    seen: set[str] = set()
    for n, row in enumerate(csv.DictReader(lines), start=2):
        where = f"{path} data row {n}"
        key, name = (row.get("key") or "").strip(), (row.get("name") or "").strip()
        if not key or not name or key in seen or key != slug(key):
            raise ValueError(f"{where}: bad or duplicate key {key!r} / name {name!r}")
        seen.add(key)
        values = {
            f: (row.get(f) or "").strip() or None
            for f in ("kind", "parent_key", "registration_country", "hq_country", "partner_org")
        }
        if values["kind"] not in (None, CLEAR, *KINDS):
            raise ValueError(f"{where}: unknown kind {values['kind']!r}")
        if values["partner_org"] not in (None, CLEAR, *OP_COUNTRY):
            raise ValueError(f"{where}: unknown partner_org {values['partner_org']!r}")
        for f in ("registration_country", "hq_country"):
            if values[f] not in (None, CLEAR) and not is_country(values[f]):
                raise ValueError(f"{where}: {f} {values[f]!r} is not an alpha-2 code")
        patterns = _split_patterns(row.get("patterns") or "")
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"{where}: pattern {p!r}: {exc}") from exc
        notes = (row.get("notes") or "").strip()
        out.append(
            OrgSeed(
                key=key,
                name=name,
                aliases=_split(row.get("aliases") or ""),
                patterns=patterns,
                source="curated",
                notes=(notes,) if notes else (),
                **values,
            )
        )
    return out


def _claim_index(seeds: dict[str, OrgSeed]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for seed in seeds.values():
        for spelling in (seed.name, *seed.aliases):
            index.setdefault(fold_plain(spelling), []).append(seed.key)
    return index


def _choose_op(seed: OrgSeed) -> str | None:
    ops = seed.memberships
    if len(ops) == 1:
        return ops[0]
    home = [op for op in ops if OP_COUNTRY.get(op) and OP_COUNTRY[op] == seed.registration_country]
    if len(home) == 1:
        return home[0]
    if "ETSI" in ops and seed.registration_country in _EUROPE:
        return "ETSI"
    return None


def build_registry(bigbang: list[OrgSeed], curated: list[OrgSeed]) -> Registry:
    """Merge curated rows over bigbang seeds and index the result."""
    orgs = {s.key: replace(s) for s in bigbang}
    index = _claim_index(orgs)
    renamed: dict[str, str] = {}
    claimed_by: dict[str, str] = {}
    for cur in curated:
        spellings = [cur.name, *(a for a in cur.aliases if "@" not in a)]
        keys = list(dict.fromkeys(k for s in spellings for k in index.get(fold_plain(s), [])))
        if cur.key in orgs and cur.key not in keys:
            raise ValueError(f"curated key {cur.key!r} is already a bigbang key: choose another")
        for k in keys:
            if k in claimed_by:
                raise ValueError(f"bigbang {k!r} claimed by both {claimed_by[k]} and {cur.key}")
            claimed_by[k] = cur.key
        base = OrgSeed(key=cur.key, name=cur.name, source="curated")
        for i, k in enumerate(keys):
            old = orgs.pop(k)
            renamed[k] = cur.key
            base = (
                replace(old, key=cur.key, source="bigbang+curated")
                if i == 0
                else _merge_rows(base, old)
            )
        for attr in ("kind", "parent_key", "registration_country", "hq_country", "partner_org"):
            value = getattr(cur, attr)
            if value:
                setattr(base, attr, None if value == CLEAR else value)
        old_names = [n for n in (base.name, *base.aliases) if n != cur.name]
        base.name = cur.name
        base.aliases = tuple(dict.fromkeys((*cur.aliases, *old_names)))
        base.patterns = cur.patterns
        base.notes = base.notes + cur.notes
        orgs[cur.key] = base
    issues: list[str] = []
    curated_keys = {c.key for c in curated}
    for org in orgs.values():
        parent = renamed.get(org.parent_key, org.parent_key)
        if parent and parent not in orgs:
            if org.key in curated_keys:
                raise ValueError(f"curated {org.key!r}: unknown parent_key {parent!r}")
            issues.append(f"{org.key}: unknown parent {parent!r} dropped")
            parent = None
        if parent == org.key:
            org.notes += ("merged rows named each other as parent: ignored",)
            parent = None
        org.parent_key = parent
        if org.partner_org is None:
            org.partner_org = _choose_op(org)
    return Registry(orgs.values(), issues)

"""Organisation names as printed (ITU sources, 3GPP TDoc sources, officer lists) -> one entity.

``OrgResolver.resolve(name)`` tries, in order, on the string with role qualifiers such as
"(Rapporteur)" removed, first whole and then without a trailing Organizational Partner
("Qualcomm Incorporated - ATIS", "AT&T (ATIS)"):

1. ``exact``: the canonical name, case- and whitespace-insensitive;
2. ``alias``: a curated alias, a merged bigbang spelling, or an acronym read from a name
   ("... (CATT)"); aliases written ``NAME@CC`` only count when the caller passes country CC;
3. ``normalised``: punctuation, diacritics and the spelling of legal forms ignored
   ("Inc." = "Incorporated", so "Ericsson Inc." is the US subsidiary "Ericsson
   Incorporated"), then also trailing legal forms ("Co., Ltd", "Inc.", "AG", "Oy", "K.K."
   ...) and a leading "the" dropped.  Country qualifiers stay: "Apple (UK) Ltd" ->
   "apple uk", never "apple";
4. ``pattern``: a curated regular expression, searched in the normalised form.

A level with several candidates is ambiguous: it resolves only when one candidate is the
ancestor of all the others, or when the caller's country leaves exactly one candidate
registered there; otherwise the answer is ``None`` (never a guess, never a fuzzy match;
``suggest`` lists close names for an analyst).  Answers are cached per (name, country).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.normalise.countries import to_alpha2

KINDS = (
    "company",
    "academia",
    "government",
    "national_standards_body",
    "regional_or_international_org",
    "consortium",
)
REGIONAL = "regional_or_international_org"
# 3GPP Organizational Partners -> country.  ETSI is European: a region, not a country.
OP_COUNTRY: dict[str, str | None] = {
    "ATIS": "US",
    "CCSA": "CN",
    "ARIB": "JP",
    "TTC": "JP",
    "TTA": "KR",
    "TSDSI": "IN",
    "ETSI": None,
}
MODES = ("hq", "registration", "partner_org")

_LEGAL_SYNONYMS = {
    "incorporated": "inc",
    "limited": "ltd",
    "corporation": "corp",
    "company": "co",
    "aktiengesellschaft": "ag",
    "private": "pvt",
}
_LEGAL = sorted(
    (
        tuple(s.split())
        for s in (
            "co ltd|pvt ltd|pte ltd|pty ltd|sp zoo|sp z oo|gmbh & co kg|co kg|sdn bhd|ltd|inc|"
            "llc|gmbh|mbh|ag|sa|sas|sau|spa|srl|sarl|plc|corp|co|oy|oyj|ab|publ|se|nv|bv|kk|"
            "kft|as|pvt|ltda|llp|kg|eood|bhd"
        ).split("|")
    ),
    key=len,
    reverse=True,
)
_ROLE_QUALIFIER = re.compile(
    r"\s*\((?=[^()]*\b(?:rapporteur|editor|secretariat|secretary|nominating|researcher|"
    r"chair|chairman|convenor|liaison|contact)\b)[^()]*\)\s*$",
    re.IGNORECASE,
)
_OP_SUFFIX = re.compile(
    r"^(?P<org>.+?)\s*(?:\(\s*|[-\u2013/]\s*)(?P<op>ATIS|ETSI|CCSA|ARIB|TTC|TTA|TSDSI)\s*\)?$"
)
_SCOPED = re.compile(r"^(?P<alias>.+)@(?P<cc>[A-Z]{2})$")


def fold_light(text: str) -> str:
    """Case- and whitespace-insensitive form used for exact and alias matches."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return " ".join(text.casefold().split()).strip(" .,;:")


def fold_plain(text: str) -> str:
    """``fold_light`` without diacritics or punctuation ("&" is kept: AT&T is not ATT)."""
    text = unicodedata.normalize("NFKD", text.replace("&", " & "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() or c == "&" else " " for c in text).split())


def fold_legal(text: str) -> str:
    """``fold_plain`` with runs of single letters joined ("S. A." -> "sa", "U.K." -> "uk")
    and legal forms spelt one way ("Incorporated" -> "inc", "Limited" -> "ltd")."""
    tokens: list[str] = []
    run: list[str] = []
    for token in fold_plain(text).split() + [""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            tokens.append("".join(run))
            run = []
        if token:
            tokens.append(_LEGAL_SYNONYMS.get(token, token))
    return " ".join(tokens)


def normalise_org(text: str) -> str:
    """``fold_legal`` minus a leading "the" and trailing legal forms (repeatedly)."""
    tokens = fold_legal(text).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    changed = True
    while changed:
        changed = False
        for suffix in _LEGAL:
            n = len(suffix)
            if len(tokens) > n and tuple(tokens[-n:]) == suffix:
                tokens, changed = tokens[:-n], True
                break
        if len(tokens) > 1 and tokens[-1] == "&":
            tokens, changed = tokens[:-1], True
    return " ".join(tokens)


def strip_qualifiers(text: str) -> str:
    """Drop trailing role notes: "Huawei (Rapporteur)", "ANSI (nominating NB)"."""
    text = " ".join(text.replace("\xa0", " ").split())
    while True:
        stripped = _ROLE_QUALIFIER.sub("", text).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


@dataclass(frozen=True, slots=True)
class Resolution:
    """One printed name resolved to an organisation; countries are ISO alpha-2 or None."""

    key: str
    name: str
    kind: str | None
    registration_country: str | None
    hq_country: str | None  # of the ultimate parent (its hq, else its registration)
    ultimate_parent_key: str
    partner_org: str | None  # the organisation's own OP in the registry
    matched_by: str  # exact | alias | normalised | pattern
    printed_partner_org: str | None = None  # OP printed beside the name, if any
    partner_orgs: tuple[str, ...] = ()  # every OP membership the registry knows
    regional: bool = False  # ultimate parent is a regional/international body (ETSI, WHO)


def attribute(resolution: Resolution | None, mode: str) -> tuple[str | None, str]:
    """Country of a resolved organisation under one attribution mode, and the basis.

    ``hq``: the ultimate parent's headquarters.  ``registration``: where the entity itself
    is registered (Apple (UK) Ltd -> GB).  ``partner_org``: the OP printed beside the name,
    else the registry's OP, mapped by ``OP_COUNTRY`` (ETSI -> None: Europe is a region); with
    several memberships all in one country, that country.

    Regional and international bodies (kind ``regional_or_international_org``: ETSI, the
    European Commission, ITU/ISO secretariats, WHO, O-RAN Alliance) have no nationality:
    ``hq`` is None when the ultimate parent is one, ``registration`` when the entity is one,
    so a contribution from the European Commission is never counted as Belgian.  Their
    seat stays readable in ``hq_country`` / ``registration_country`` (ETSI: FR, FR).
    """
    if mode not in MODES:
        raise ValueError(f"unknown attribution mode {mode!r}; expected one of {MODES}")
    if resolution is None:
        return None, mode
    if mode == "hq":
        return (None if resolution.regional else resolution.hq_country), mode
    if mode == "registration":
        return (None if resolution.kind == REGIONAL else resolution.registration_country), mode
    op = resolution.printed_partner_org or resolution.partner_org
    if op:
        return OP_COUNTRY.get(op), mode
    countries = {OP_COUNTRY.get(m) for m in resolution.partner_orgs}
    return (countries.pop() if len(countries) == 1 else None), mode


class Registry:
    """Organisations by key with their parent chains and name indexes (read-only once built).

    ``orgs`` are ``OrgSeed``-like objects (``tracker.orgs.seed``) with ``key``, ``name``,
    ``kind``, ``parent_key``, ``registration_country``, ``hq_country``, ``partner_org``,
    ``memberships``, ``aliases``, ``patterns`` and optional ``auto_aliases``.
    """

    def __init__(self, orgs: Iterable, issues: Iterable[str] = ()):
        self.orgs = {o.key: o for o in orgs}
        self.issues: list[str] = list(issues)
        self._ultimate = {key: self._walk(key) for key in self.orgs}
        self._names: dict[str, set[str]] = {}
        self._aliases: dict[str, set[str]] = {}
        self._scoped: dict[tuple[str, str], set[str]] = {}
        self._plain: dict[str, set[str]] = {}
        self._norm: dict[str, set[str]] = {}
        self._patterns: list[tuple[re.Pattern, str]] = []
        auto: dict[str, set[str]] = {}
        for org in self.orgs.values():
            self._add(self._names, fold_light(org.name), org.key)
            spellings = [org.name]
            for alias in org.aliases:
                scoped = _SCOPED.match(alias)
                if scoped:
                    key = (fold_light(scoped["alias"]), scoped["cc"])
                    self._scoped.setdefault(key, set()).add(org.key)
                    continue
                self._add(self._aliases, fold_light(alias), org.key)
                spellings.append(alias)
            for alias in getattr(org, "auto_aliases", ()):
                self._add(auto, fold_light(alias), org.key)
                spellings.append(alias)
            for spelling in spellings:
                self._add(self._plain, fold_legal(spelling), org.key)
                self._add(self._norm, normalise_org(spelling), org.key)
            self._patterns += [(re.compile(p, re.IGNORECASE), org.key) for p in org.patterns]
        for folded, keys in auto.items():  # derived acronyms never shadow a real spelling
            if folded not in self._names and folded not in self._aliases:
                self._aliases[folded] = keys
        for label, index in (("name", self._names), ("alias", self._aliases)):
            for folded, keys in sorted(index.items()):
                if len(keys) > 1 and not self._pick(keys, None):
                    self.issues.append(f"ambiguous {label} {folded!r}: {sorted(keys)}")

    @staticmethod
    def _add(index: dict[str, set[str]], folded: str, key: str) -> None:
        if folded:
            index.setdefault(folded, set()).add(key)

    def _walk(self, key: str) -> str:
        seen = [key]
        while True:
            parent = self.orgs[seen[-1]].parent_key
            if not parent or parent not in self.orgs:
                return seen[-1]
            if parent in seen:
                cycle = "parent cycle: " + " -> ".join(seen[seen.index(parent) :] + [parent])
                if cycle not in self.issues:
                    self.issues.append(cycle)
                return seen[-1]
            seen.append(parent)

    def chain(self, key: str) -> list[str]:
        """``key`` and its ancestors, nearest first, ending at the ultimate parent."""
        out = [key]
        while out[-1] != self._ultimate[key]:
            out.append(self.orgs[out[-1]].parent_key)
        return out

    def ultimate_parent(self, key: str) -> str:
        return self._ultimate[key]

    def _pick(self, keys: set[str], country: str | None) -> str | None:
        if len(keys) == 1:
            return next(iter(keys))
        for key in keys:
            if all(key in self.chain(other) for other in keys):
                return key
        if country:
            here = [k for k in keys if self.orgs[k].registration_country == country]
            if len(here) == 1:
                return here[0]
        return None

    def lookup(self, text: str, country: str | None = None) -> tuple[str, str] | None:
        """``(key, matched_by)`` for one cleaned name, or None (unknown or ambiguous)."""
        light = fold_light(text)
        norm = normalise_org(text)
        levels: list[tuple[str, set[str] | None]] = [
            ("alias", self._scoped.get((light, country)) if country else None),
            ("exact", self._names.get(light)),
            ("alias", self._aliases.get(light)),
            ("normalised", self._plain.get(fold_legal(text))),
            ("normalised", self._norm.get(norm)),
            ("pattern", {k for rx, k in self._patterns if rx.search(norm)} or None),
        ]
        for matched_by, keys in levels:
            if keys:
                key = self._pick(keys, country)
                return (key, matched_by) if key else None
        return None

    def candidates(self, name: str, n: int = 5, cutoff: float = 0.75) -> list[str]:
        """Keys of organisations whose names look close to ``name`` (for review only)."""
        close = difflib.get_close_matches(normalise_org(name), list(self._norm), n * 2, cutoff)
        out: list[str] = []
        for folded in close:
            out += [k for k in sorted(self._norm[folded]) if k not in out]
        return out[:n]


class OrgResolver:
    """Resolve printed organisation names against a ``Registry``, with a per-name cache."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._cache: dict[tuple[str, str | None], Resolution | None] = {}

    def resolve(self, name: str | None, country: str | None = None) -> Resolution | None:
        """The organisation ``name`` denotes, or None.  ``country`` (alpha-2 or a country
        name printed beside it) enables ``NAME@CC`` aliases and settles ambiguous names."""
        cache_key = (name or "", country)
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        result = self._resolve(name or "", to_alpha2(country) if country else None)
        self._cache[cache_key] = result
        return result

    def _resolve(self, name: str, country: str | None) -> Resolution | None:
        text = strip_qualifiers(name)
        if not text:
            return None
        tries = [(text, None)]
        op = _OP_SUFFIX.match(text)
        if op:
            tries.append((strip_qualifiers(op["org"]), op["op"]))
        for candidate, printed_op in tries:
            hit = self.registry.lookup(candidate, country)
            if hit:
                return self._resolution(hit[0], hit[1], printed_op)
        return None

    def _resolution(self, key: str, matched_by: str, printed_op: str | None) -> Resolution:
        reg = self.registry
        org, top = reg.orgs[key], reg.orgs[reg.ultimate_parent(key)]
        return Resolution(
            key=key,
            name=org.name,
            kind=org.kind,
            registration_country=org.registration_country,
            hq_country=top.hq_country or top.registration_country,
            ultimate_parent_key=top.key,
            partner_org=org.partner_org,
            matched_by=matched_by,
            printed_partner_org=printed_op,
            partner_orgs=tuple(org.memberships),
            regional=top.kind == REGIONAL,
        )

    def suggest(self, name: str, n: int = 5) -> list[tuple[str, str]]:
        """Close ``(key, name)`` candidates for an analyst; never used to resolve."""
        text = strip_qualifiers(name or "")
        return [(k, self.registry.orgs[k].name) for k in self.registry.candidates(text, n)]

    def split_sources(self, text: str) -> list[str]:
        """Split a comma/semicolon list of co-sources ("Huawei, HiSilicon") into names.

        A piece that is only a legal form ("Ltd.", "Inc.") is glued back to the one before
        ("Guangdong OPPO ... Corp.,Ltd."), and so are two pieces whose join is a known name
        ("University of California, Berkeley").
        """
        pieces = [p.strip() for p in re.split(r"[,;]", text or "") if p.strip()]
        out: list[str] = []
        for piece in pieces:
            if out and (not normalise_org("x " + piece).removeprefix("x").strip()):
                out[-1] = f"{out[-1]}, {piece}"
            elif out and self._known_exactly(f"{out[-1]}, {piece}"):
                out[-1] = f"{out[-1]}, {piece}"
            else:
                out.append(piece)
        return out

    def _known_exactly(self, text: str) -> bool:
        light = fold_light(text)
        return bool(self.registry._names.get(light) or self.registry._aliases.get(light))

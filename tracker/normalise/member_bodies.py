"""National member bodies (ISO, IEC, 3GPP) -> ISO 3166-1 alpha-2, from ``config/member_bodies.csv``.

One row per ``(body, acronym)``: ISO member bodies ("SAC" -> CN), IEC National Committees
("DE NC" -> DE) and the 3GPP Organizational Partners ("CCSA" -> CN; ETSI has no country:
Europe is a region).  Lookups are case-insensitive and ignore whitespace ("gost  r" = "GOST R").

- ``ISO/IEC`` (and ``IEC/ISO``) joint committees use the ISO table.
- ``IEC`` also resolves any plain country name or code ("Germany") through ``to_alpha2``:
  there is one National Committee per country.
- ``ITU-T`` has no rows: its members are states, resolved through ``to_alpha2``.

A row whose ``notes`` start with "unknown" exists but has no country; such acronyms, and
acronyms with no row at all, are listed by ``unknown_acronyms``.  Nothing is ever guessed.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker import paths
from tracker.normalise.countries import country_name, to_alpha2

ISO, IEC, TGPP, ITU = "ISO", "IEC", "3GPP", "ITU-T"
_BODY_ALIASES = {
    "ISO": ISO,
    "ISO/IEC": ISO,
    "IEC/ISO": ISO,
    "ISO-IEC": ISO,
    "IEC": IEC,
    "3GPP": TGPP,
    "ITU-T": ITU,
    "ITUT": ITU,
    "ITU": ITU,
}
_IEC_SUFFIX = "nc"


@dataclass(frozen=True)
class MemberBody:
    """One member body: ``country`` is alpha-2, or ``None`` when unknown or not a country."""

    body: str
    acronym: str
    country: str | None
    name: str | None
    kind: str | None
    notes: str = ""
    valid_from: str | None = None
    valid_to: str | None = None

    @property
    def unknown(self) -> bool:
        """True for rows kept only to record that the acronym's country is not known."""
        return self.notes.strip().lower().startswith("unknown")

    @property
    def uncertain(self) -> bool:
        return self.notes.strip().lower().startswith("uncertain")


def default_path() -> Path:
    return paths.CONFIG_DIR / "member_bodies.csv"


def table_body(body: str) -> str:
    """Canonical table for a body label: "ISO/IEC" -> "ISO", "itu-t" -> "ITU-T"."""
    key = "".join(str(body).split()).upper()
    return _BODY_ALIASES.get(key, key)


def acronym_key(acronym: str) -> str:
    """Match key: NFKC, case-folded, curly apostrophes straightened, all whitespace removed."""
    text = unicodedata.normalize("NFKC", str(acronym)).replace("’", "'").replace("‘", "'")
    return "".join(text.casefold().split())


def load_member_bodies(path: Path | str | None = None) -> list[MemberBody]:
    """Read the table (``#`` lines are comments); empty cells become ``None``."""
    path = Path(path) if path else default_path()
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    bodies = []
    for row in csv.DictReader(lines):
        cell = {k: (v or "").strip() for k, v in row.items()}
        bodies.append(
            MemberBody(
                body=table_body(cell["body"]),
                acronym=cell["acronym"],
                country=cell["country"].upper() or None,
                name=cell["name"] or None,
                kind=cell["kind"] or None,
                notes=cell.get("notes", ""),
                valid_from=cell.get("valid_from") or None,
                valid_to=cell.get("valid_to") or None,
            )
        )
    return bodies


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], MemberBody]:
    return {(mb.body, acronym_key(mb.acronym)): mb for mb in load_member_bodies()}


def clear_cache() -> None:
    """Forget the loaded table (after editing the CSV or changing ``CONFIG_DIR``)."""
    _index.cache_clear()
    lookup.cache_clear()


def _by_country(body: str, raw: str) -> MemberBody | None:
    code = to_alpha2(raw)
    if not code:
        return None
    if body == IEC:
        row = _index().get((IEC, acronym_key(f"{code} NC")))
        if row:
            return row
        name = f"{country_name(code) or code} National Committee of the IEC"
        return MemberBody(IEC, f"{code} NC", code, name, "national_committee")
    return MemberBody(ITU, raw, code, country_name(code), "member_state")


@lru_cache(maxsize=4096)
def lookup(body: str, acronym: str | None) -> MemberBody | None:
    """The row for ``acronym`` in ``body``'s table (IEC/ITU-T: also by country), else ``None``."""
    if not acronym or not str(acronym).strip():
        return None
    table = table_body(body)
    raw = " ".join(str(acronym).split())
    key = acronym_key(raw)
    if table == ITU:
        return _by_country(ITU, raw)
    row = _index().get((table, key))
    if row or table != IEC:
        return row
    if key.endswith(_IEC_SUFFIX) and len(key) == 4:  # "DE NC" with no row of its own
        return _by_country(IEC, key[:2])
    return _by_country(IEC, raw)


def member_body_country(body: str, acronym: str | None) -> str | None:
    """Alpha-2 country of a member body, or ``None`` (unknown acronym, unknown row, region)."""
    row = lookup(body, acronym)
    return row.country if row else None


def unknown_acronyms(body: str, acronyms) -> list[str]:
    """Acronyms (first-seen order, blanks skipped) with no row, or a row marked unknown."""
    seen: set[str] = set()
    unknown = []
    for acronym in acronyms:
        if not acronym or not str(acronym).strip() or acronym in seen:
            continue
        seen.add(acronym)
        row = lookup(body, acronym)
        if row is None or row.unknown:
            unknown.append(acronym)
    return unknown

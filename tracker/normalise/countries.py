"""Country names and codes as printed by the sources -> ISO 3166-1 alpha-2.

pycountry does the heavy lifting; ``config/lookups/countries.csv`` adds the forms ITU and
others print ("Korea (Rep. of)", "Türkiye", "United States").  Anything not resolved is
``None``: a country is never guessed.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache

import pycountry

from tracker.paths import CONFIG_DIR


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").casefold().split())


@lru_cache(maxsize=1)
def _overrides() -> dict[str, str]:
    path = CONFIG_DIR / "lookups" / "countries.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {_fold(row["name"]): row["alpha2"].strip().upper() for row in csv.DictReader(lines)}


@lru_cache(maxsize=4096)
def to_alpha2(name: str | None) -> str | None:
    """Resolve a printed country name or code to alpha-2, or ``None`` when unsure."""
    if not name:
        return None
    raw = " ".join(str(name).split())
    text = raw.strip(" .,;")
    if not text:
        return None
    # the printed form first: overrides may end in "." ("U.S.A.", "U.K.", "Lao P.D.R.")
    for form in (raw, text):
        if _fold(form) in _overrides():
            return _overrides()[_fold(form)]
    folded = _fold(text)
    if len(text) == 2 and text.isalpha():
        country = pycountry.countries.get(alpha_2=text.upper())
        return country.alpha_2 if country else None
    if len(text) == 3 and text.isalpha() and text.isupper():
        country = pycountry.countries.get(alpha_3=text)
        return country.alpha_2 if country else None
    for attr in ("name", "official_name", "common_name"):
        for country in pycountry.countries:
            value = getattr(country, attr, None)
            if value and _fold(value) == folded:
                return country.alpha_2
    return None


def is_country(code: str | None) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else None)

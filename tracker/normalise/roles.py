"""Role labels as printed ("Vice-Chairmen", "Chairperson (until end 2027)") to one vocabulary.

The mapping lives in ``config/lookups/roles.csv``; this module only cleans labels and looks
them up.  Unknown labels map to ``other`` and keep their raw text beside the slug.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from tracker.paths import CONFIG_DIR

#: Roles that are leadership posts of a country (used by shares); staff never count.
LEADERSHIP_ROLES = (
    "chair",
    "co_chair",
    "vice_chair",
    "chair_elect",
    "wg_chair",
    "wg_vice_chair",
    "convenor",
    "co_convenor",
    "rapporteur",
    "associate_rapporteur",
    "secretariat",
    "secretary",
    "assistant_secretary",
)
ROLES = LEADERSHIP_ROLES + ("editor", "staff", "other")

_PAREN = re.compile(r"\(.*?\)")
_NONWORD = re.compile(r"[^\w]+")


def _key(label: str) -> str:
    text = unicodedata.normalize("NFC", label).lower()
    text = _PAREN.sub(" ", text)
    text = text.replace("vice-", "vice ").replace("co-", "co ")
    text = _NONWORD.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _table(path: Path | None = None) -> dict[str, str]:
    path = path or CONFIG_DIR / "lookups" / "roles.csv"
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    table = {}
    for row in csv.DictReader(rows):
        role = row["role"].strip()
        if role not in ROLES:
            raise ValueError(f"{path}: unknown role slug {role!r}")
        table[_key(row["label"])] = role
    return table


@lru_cache(maxsize=4096)
def normalise_role(label: str | None) -> str:
    """Return the role slug for a printed label; ``other`` when the label is unknown."""
    if not label:
        return "other"
    key = _key(label)
    table = _table()
    if key in table:
        return table[key]
    # Plural / trailing words: "Vice-Chairmen of SG13", "Chairman:" …
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if head in table:
            return table[head]
    return "other"

"""Topic lenses for the dashboard's filters: the group families of ``config/group_families.toml``.

A lens matches a group by the family tag stored on it (``groups.families``), by the codes and
prefixes listed in the config (so it works before groups are re-tagged), and, for the AI lens,
by words in the group's name (3GPP has no AI-specific group codes; its AI/ML work shows in
names).  Lenses are body-agnostic: new bodies' groups match as soon as they are in the store.
"""

from __future__ import annotations

from sqlalchemy import func, or_

from db.models import Group
from tracker.families import load_families
from tracker.queries.filters import family_condition

# Extra name words per family (lower case), for groups the codes cannot name in advance.
NAME_TERMS = {"AI": ("artificial intelligence", "machine learning", "ai/ml")}


def lens_options() -> list[dict]:
    """Dropdown options: one per configured family."""
    return [
        {"label": f"{key}: {fam.get('description', key)}", "value": key}
        for key, fam in load_families().items()
    ]


def lens_condition(key: str | None):
    """SQL condition on :class:`Group` for a lens key, or ``None`` for no lens / unknown key."""
    if not key:
        return None
    fam = load_families().get(key)
    if fam is None:
        return None
    conds = [family_condition(key)]
    codes = list(fam.get("codes", ()))
    if codes:
        conds.append(Group.code.in_(codes))
    conds.extend(Group.code.like(f"{prefix}%") for prefix in fam.get("prefixes", ()))
    conds.extend(func.lower(Group.name).like(f"%{term}%") for term in NAME_TERMS.get(key, ()))
    return or_(*conds)


def where_for(topic: str | None) -> list:
    """Extra ``where`` conditions for a lens (empty when none)."""
    cond = lens_condition(topic)
    return [] if cond is None else [cond]

"""Who is who: organisations, their parents and countries (pure, in memory).

The registry merges datactive/bigbang's organisation table (MIT) with our curated
``config/organizations.csv``; ``OrgResolver`` maps printed names to it.  Country modes:
``hq`` (ultimate parent's headquarters), ``registration`` (the entity's own), ``partner_org``
(3GPP Organizational Partner; ETSI = Europe, no country).  See ``resolver`` and ``seed``.
"""

from __future__ import annotations

from functools import lru_cache

from tracker.orgs.resolver import (
    KINDS,
    MODES,
    OP_COUNTRY,
    OrgResolver,
    Registry,
    Resolution,
    attribute,
)
from tracker.orgs.seed import OrgSeed, build_registry, load_bigbang, load_curated
from tracker.paths import CONFIG_DIR, DATASETS_DIR

BIGBANG_PATH = DATASETS_DIR / "organizations" / "organization_categories.csv"
CURATED_PATH = CONFIG_DIR / "organizations.csv"

__all__ = [
    "KINDS",
    "MODES",
    "OP_COUNTRY",
    "OrgResolver",
    "OrgSeed",
    "Registry",
    "Resolution",
    "attribute",
    "build_registry",
    "default_resolver",
    "load_bigbang",
    "load_curated",
    "resolve",
    "resolve_for_attribution",
]


@lru_cache(maxsize=1)
def default_resolver() -> OrgResolver:
    """A resolver over the bundled bigbang table and the curated file (built once)."""
    issues: list[str] = []
    seeds = load_bigbang(BIGBANG_PATH, issues)
    registry = build_registry(seeds, load_curated(CURATED_PATH))
    registry.issues[:0] = issues
    return OrgResolver(registry)


def resolve(name: str | None, country: str | None = None) -> Resolution | None:
    return default_resolver().resolve(name, country)


def resolve_for_attribution(
    label: str | None, country: str | None = None
) -> list[tuple[str, str | None, str | None, bool]]:
    """``(basis, country, detail, derived)`` for the ``hq`` and ``registration`` bases of an
    organisation label; only bases that give a country; ``[]`` when the label is unknown.

    ``partner_org`` is left out on purpose: the importer adds it from the record's own OP.
    """
    res = resolve(label, country)
    if res is None:
        return []
    out = []
    for mode in ("hq", "registration"):
        found, basis = attribute(res, mode)
        if found:
            via = res.ultimate_parent_key if mode == "hq" else res.key
            out.append((basis, found, f"org {res.key} ({res.matched_by}); {mode} of {via}", True))
    return out

"""Group families (topic lenses such as "AI" or "FG-AI") from ``config/group_families.toml``.

Stored on each group as ``|FAM1|FAM2|`` so a family filter is one LIKE in SQL.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from tracker.paths import CONFIG_DIR


@lru_cache(maxsize=1)
def load_families() -> dict[str, dict]:
    path = CONFIG_DIR / "group_families.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=65536)
def families_for(code: str) -> str | None:
    tags = [
        name
        for name, fam in load_families().items()
        if code in fam.get("codes", ()) or any(code.startswith(p) for p in fam.get("prefixes", ()))
    ]
    return "|" + "|".join(sorted(tags)) + "|" if tags else None

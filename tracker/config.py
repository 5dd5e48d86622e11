"""Settings from ``config/tracker.toml`` and ``config/sources.toml`` (TOML, read once)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracker.paths import CONFIG_DIR

ATTRIBUTION_MODES = ("listed", "member_body", "hq", "registration", "partner_org")


@dataclass(frozen=True)
class Settings:
    fallback: tuple[str, ...] = ATTRIBUTION_MODES
    min_ratio: float = 0.8
    min_records: int = 1
    sources: dict[str, dict] = field(default_factory=dict)

    def source(self, name: str) -> dict:
        return self.sources.get(name, {})

    def thresholds(self, source: str) -> tuple[float, int]:
        cfg = self.source(source)
        return float(cfg.get("min_ratio", self.min_ratio)), int(
            cfg.get("min_records", self.min_records)
        )


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=4)
def load_settings(config_dir: Path | None = None) -> Settings:
    config_dir = config_dir or CONFIG_DIR
    main = _read(config_dir / "tracker.toml")
    fallback = tuple(main.get("attribution", {}).get("fallback", ATTRIBUTION_MODES))
    unknown = set(fallback) - set(ATTRIBUTION_MODES)
    if unknown:
        raise ValueError(f"tracker.toml: unknown attribution modes {sorted(unknown)}")
    snaps = main.get("snapshots", {})
    return Settings(
        fallback=fallback,
        min_ratio=float(snaps.get("min_ratio", 0.8)),
        min_records=int(snaps.get("min_records", 1)),
        sources=_read(config_dir / "sources.toml"),
    )

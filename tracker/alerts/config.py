"""``config/alerts.toml``: alert rules (who wants which events), channels, delivery settings.

Secrets never live in the file: a channel names the environment variables it reads
(``SMTP_HOST``, ``SMTP_PASSWORD``, ``SSO_WEBHOOK_URL``…).  See ``docs/alerts.md``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracker.config import ATTRIBUTION_MODES

#: Alert kinds a rule can subscribe to.
ALERT_EVENTS = (
    "appointment",
    "departure",
    "secretariat_transfer",
    "chair_elect",
    "contribution_surge",
    "source_health",
)
DEFAULT_EVENTS = ("appointment", "secretariat_transfer", "chair_elect")
DEFAULT_COUNTRIES = ("CN", "US")
DEFAULT_ROLES = ("chair", "co_chair", "vice_chair", "secretariat")
CHANNEL_TYPES = ("smtp", "webhook", "atom")
WEBHOOK_FORMATS = ("json", "slack", "teams")


@dataclass(frozen=True)
class ChannelConfig:
    name: str
    type: str
    options: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Rule:
    """One subscription.  Empty ``countries``/``roles``/``bodies``/``groups`` mean "any";
    ``attribution`` None means each post's default basis (the fallback of tracker.toml)."""

    name: str
    events: tuple[str, ...] = DEFAULT_EVENTS
    countries: tuple[str, ...] = DEFAULT_COUNTRIES
    roles: tuple[str, ...] = DEFAULT_ROLES
    bodies: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    attribution: str | None = None
    channels: tuple[str, ...] = ()
    digest: bool = False


@dataclass(frozen=True)
class Delivery:
    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 6 * 3600.0
    max_attempts: int = 0  # 0: retry forever (an alert is never dropped)
    lookback_days: int = 14
    lease_seconds: float = 300.0
    timeout_seconds: float = 30.0
    interval_seconds: float = 300.0  # how often the scheduler delivers pending alerts


@dataclass(frozen=True)
class Surge:
    factor: float = 2.0
    min_increase: float = 5.0
    window: int = 3
    method: str = "full"


@dataclass(frozen=True)
class SourceHealth:
    after_failures: int = 3
    channels: tuple[str, ...] = ()
    max_retries: int = 5
    retry_base_seconds: float = 300.0
    retry_max_seconds: float = 6 * 3600.0


@dataclass(frozen=True)
class AlertConfig:
    rules: tuple[Rule, ...] = ()
    channels: dict[str, ChannelConfig] = field(default_factory=dict, hash=False)
    delivery: Delivery = Delivery()
    surge: Surge = Surge()
    health: SourceHealth = SourceHealth()

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


def _tuple(value, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    if isinstance(value, str):
        value = [value]
    return tuple(str(v) for v in value)


def _rule(raw: dict, index: int, channels: dict[str, ChannelConfig]) -> Rule:
    name = str(raw.get("name") or f"rule-{index + 1}")
    events = _tuple(raw.get("events"), DEFAULT_EVENTS)
    unknown = set(events) - set(ALERT_EVENTS)
    if unknown:
        raise ValueError(f"alerts.toml rule {name!r}: unknown events {sorted(unknown)}")
    attribution = raw.get("attribution") or None
    if attribution and attribution not in ATTRIBUTION_MODES:
        raise ValueError(f"alerts.toml rule {name!r}: unknown attribution {attribution!r}")
    chans = _tuple(raw.get("channels"), tuple(channels))
    missing = set(chans) - set(channels)
    if missing:
        raise ValueError(f"alerts.toml rule {name!r}: unknown channels {sorted(missing)}")
    digest = str(raw.get("digest", "none")).lower()
    if digest not in ("none", "daily"):
        raise ValueError(f"alerts.toml rule {name!r}: digest must be 'none' or 'daily'")
    return Rule(
        name=name,
        events=events,
        countries=tuple(c.upper() for c in _tuple(raw.get("countries"), DEFAULT_COUNTRIES)),
        roles=_tuple(raw.get("roles"), DEFAULT_ROLES),
        bodies=_tuple(raw.get("bodies"), ()),
        groups=_tuple(raw.get("groups"), ()),
        attribution=attribution,
        channels=chans,
        digest=digest == "daily",
    )


def parse_alert_config(data: dict) -> AlertConfig:
    channels = {}
    for name, raw in (data.get("channels") or {}).items():
        kind = raw.get("type")
        if kind not in CHANNEL_TYPES:
            raise ValueError(f"alerts.toml channel {name!r}: type must be one of {CHANNEL_TYPES}")
        if kind == "webhook" and raw.get("format", "json") not in WEBHOOK_FORMATS:
            raise ValueError(
                f"alerts.toml channel {name!r}: format must be one of {WEBHOOK_FORMATS}"
            )
        channels[name] = ChannelConfig(name=name, type=kind, options=dict(raw))
    rules = tuple(_rule(raw, i, channels) for i, raw in enumerate(data.get("rules") or []))
    if len({r.name for r in rules}) != len(rules):
        raise ValueError("alerts.toml: rule names must be unique")
    health_raw = dict(data.get("source_health") or {})
    health_chans = _tuple(health_raw.pop("channels", None), ())
    if set(health_chans) - set(channels):
        raise ValueError(
            f"alerts.toml [source_health]: unknown channels {sorted(set(health_chans) - set(channels))}"
        )
    return AlertConfig(
        rules=rules,
        channels=channels,
        delivery=Delivery(**(data.get("delivery") or {})),
        surge=Surge(**(data.get("surge") or {})),
        health=SourceHealth(channels=health_chans, **health_raw),
    )


def resolve_config_dir(config_dir: Path | str | None = None) -> Path:
    """``config_dir``, else ``$SSO_CONFIG_DIR`` (read now, not at import), else ``./config``."""
    from tracker.paths import CONFIG_DIR

    return Path(config_dir or os.environ.get("SSO_CONFIG_DIR") or CONFIG_DIR).resolve()


def load_alert_config(config_dir: Path | str | None = None) -> AlertConfig:
    """Read ``alerts.toml`` from ``config_dir`` (default: ``SSO_CONFIG_DIR`` or ``./config``)."""
    path = resolve_config_dir(config_dir) / "alerts.toml"
    if not path.exists():
        return AlertConfig()
    return parse_alert_config(tomllib.loads(path.read_text(encoding="utf-8")))

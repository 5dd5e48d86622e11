"""Page filters as frozen dataclasses that round-trip through the query string.

The URL is the state: a page's layout is built from ``Params.from_query(request args)``, its
callbacks rebuild the params from the controls, and ``to_query()`` writes them back to the
address bar and into every CSV link.  Unknown or invalid values fall back to the defaults, so
a hand-edited URL can never break a page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from db.models.events import EVENT_KINDS
from tracker.config import ATTRIBUTION_MODES
from tracker.normalise.roles import LEADERSHIP_ROLES
from tracker.queries.filters import PostFilter
from tracker.queries.timeseries import FREQS

BODIES = ("ISO", "IEC", "ITU-T", "3GPP")
CHARTS = ("area", "lines")
METHODS = ("full", "fractional")


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[0] if value else ""
    return value


def _coerce(default, raw):
    """Convert a query-string value to the type of the field's default."""
    if isinstance(default, bool):
        return str(raw).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        try:
            return int(str(raw).strip())
        except ValueError:
            return default
    if isinstance(default, tuple):
        if isinstance(raw, (list, tuple)):
            raw = ",".join(str(x) for x in raw)
        return tuple(x.strip() for x in str(raw).split(",") if x.strip())
    return str(raw).strip()


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class QueryParams:
    """Mixin: ``from_query`` / ``to_query`` / ``replace`` for the dataclasses below."""

    @classmethod
    def from_query(cls, query: Mapping | None = None, **overrides):
        query = dict(query or {})
        query.update(overrides)
        values = {}
        for f in dataclasses.fields(cls):
            if f.name in query and query[f.name] is not None:
                raw = query[f.name] if isinstance(f.default, tuple) else _first(query[f.name])
                values[f.name] = _coerce(f.default, raw)
        return cls(**values).clean()

    def clean(self):
        return self

    def to_query(self, **extra) -> str:
        items = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, bool):
                value = "1"
            items.append((f.name, value))
        items.extend((k, v) for k, v in extra.items() if v not in (None, ""))
        return urlencode(items)

    def replace(self, **changes):
        return dataclasses.replace(self, **changes).clean()


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def _date_text(value: str) -> str:
    day = parse_date(value)
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class ShareParams(QueryParams):
    body: str = ""
    topic: str = ""
    family: str = ""
    roles: tuple[str, ...] = ()
    weights: str = ""  # "chair=3,vice_chair=2"
    attribution: str = ""
    start: str = ""
    end: str = ""
    freq: str = "auto"
    top: int = 8
    chart: str = "area"
    inactive: bool = False

    def clean(self) -> ShareParams:
        return dataclasses.replace(
            self,
            body=_choice(self.body, BODIES),
            roles=tuple(r for r in self.roles if r in LEADERSHIP_ROLES),  # staff never counts
            attribution=_choice(self.attribution, ATTRIBUTION_MODES),
            start=_date_text(self.start),
            end=_date_text(self.end),
            freq=self.freq if self.freq in FREQS or self.freq == "auto" else "auto",
            top=min(max(self.top, 1), 50),
            chart=self.chart if self.chart in CHARTS else "area",
        )

    def post_filter(self) -> PostFilter:
        return PostFilter(
            body=self.body or None,
            roles=self.roles,
            group_family=self.family or None,
            attribution=self.attribution or None,
            include_inactive=self.inactive,
        )

    def weight_map(self) -> dict[str, float]:
        return parse_weights(self.weights)


def parse_weights(text: str) -> dict[str, float]:
    """``"chair=3, vice_chair=1.5"`` -> {role: weight}; unknown roles and bad numbers ignored."""
    out: dict[str, float] = {}
    for part in (text or "").replace(";", ",").split(","):
        role, _, value = part.partition("=")
        role = role.strip()
        try:
            weight = float(value)
        except ValueError:
            continue
        if role in LEADERSHIP_ROLES and weight >= 0:
            out[role] = weight
    return out


def auto_freq(start: dt.date, end: dt.date) -> str:
    """Daily for a few months of data, weekly up to two years, then monthly, then quarterly."""
    days = (end - start).days
    if days <= 120:
        return "D"
    if days <= 730:
        return "W-MON"
    return "MS" if days <= 25 * 365 else "QS"


@dataclass(frozen=True)
class DrillParams(QueryParams):
    """Which number to explain: a (date, country key) of a share view."""

    date: str = ""
    country: str = ""

    def clean(self) -> DrillParams:
        return dataclasses.replace(self, date=_date_text(self.date), country=self.country[:20])


@dataclass(frozen=True)
class EventParams(QueryParams):
    body: str = ""
    kinds: tuple[str, ...] = ()
    topic: str = ""
    family: str = ""
    since: str = ""
    until: str = ""

    def clean(self) -> EventParams:
        return dataclasses.replace(
            self,
            body=_choice(self.body, BODIES),
            kinds=tuple(k for k in self.kinds if k in EVENT_KINDS),
            since=_date_text(self.since),
            until=_date_text(self.until),
        )


@dataclass(frozen=True)
class ProposalParams(QueryParams):
    body: str = ""
    topic: str = ""
    family: str = ""
    method: str = "full"
    top: int = 10

    def clean(self) -> ProposalParams:
        return dataclasses.replace(
            self,
            body=_choice(self.body, BODIES),
            method=self.method if self.method in METHODS else "full",
            top=min(max(self.top, 1), 50),
        )


@dataclass(frozen=True)
class IdParams(QueryParams):
    """Pages about one thing (group, person, snapshot), or a search when ``id`` is 0."""

    id: int = 0
    q: str = ""
    body: str = ""

    def clean(self) -> IdParams:
        return dataclasses.replace(
            self, id=max(self.id, 0), q=self.q[:100], body=_choice(self.body, BODIES)
        )

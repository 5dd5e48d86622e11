"""Which archived URLs to list for a source, and the scope/parser each capture is filed under.

A *target* is one page as the live crawler knows it (its current URL, the scope the live
spider gives that URL, the parser), plus every URL the same page has had: ISO committee
pages have had four URL generations since 2001 (SOURCES.md section 2.2).  Captures of any
generation are filed under the scope of the current URL, so they join one history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.config import Settings, load_settings

ISO_PAGE = "https://www.iso.org/committee/{id}.html"
_ISO_CURRENT = re.compile(
    r"^https?://(?:www\.)?iso\.org/committee/(\d+)\.html(\?view=participation)?$"
)


@dataclass(frozen=True)
class Generation:
    """One URL form of a page and the years it was in use (``None``: still in use)."""

    url: str
    first_year: int | None = None
    last_year: int | None = None
    note: str = ""

    def overlaps(self, start: str | None, end: str | None, margin: int = 1) -> bool:
        """Could it have captures between ``start`` and ``end`` (``YYYY…``)?  A year of margin."""
        if end and self.first_year and int(end[:4]) < self.first_year - margin:
            return False
        return not (start and self.last_year and int(start[:4]) > self.last_year + margin)


# SOURCES.md 2.2, VERIFIED-IN-PARSER-CODE (sbjorkholt/iso-standards): the participation view.
ISO_PARTICIPATION = (
    ("https://www.iso.org/committee/{id}.html?view=participation", 2017, None),
    (
        "https://www.iso.org/iso/home/standards_development/list_of_iso_technical_committees/"
        "iso_technical_committee_participation.htm?commid={id}",
        2013,
        2016,
    ),
    (
        "https://www.iso.org/iso/standards_development/technical_committees/"
        "list_of_iso_technical_committees/iso_technical_committee_participation.htm?commid={id}",
        2008,
        2012,
    ),
    (
        "https://www.iso.org/iso/en/stdsdevelopment/tc/tclist/"
        "TechnicalCommitteeParticipationListPage.TechnicalCommitteeParticipationList?COMMID={id}",
        2001,
        2007,
    ),
)
# The committee (officers) page in the same generations: UNVERIFIED-GUESS, the documented
# participation paths with "participation" dropped (same directories, same commid).
ISO_COMMITTEE = (
    ("https://www.iso.org/committee/{id}.html", 2017, None),
    (
        "https://www.iso.org/iso/home/standards_development/list_of_iso_technical_committees/"
        "iso_technical_committee.htm?commid={id}",
        2013,
        2016,
    ),
    (
        "https://www.iso.org/iso/standards_development/technical_committees/"
        "list_of_iso_technical_committees/iso_technical_committee.htm?commid={id}",
        2008,
        2012,
    ),
    (
        "https://www.iso.org/iso/en/stdsdevelopment/tc/tclist/"
        "TechnicalCommitteeDetailPage.TechnicalCommitteeDetail?COMMID={id}",
        2001,
        2007,
    ),
)


@dataclass(frozen=True)
class Target:
    source: str
    scope: str
    parser: str
    url: str  # the current URL (what the live spider fetches)
    generations: tuple[Generation, ...]


def generations(url: str) -> tuple[Generation, ...]:
    """Every URL form of the page at ``url``, the current one first."""
    m = _ISO_CURRENT.match(url)
    if not m:
        return (Generation(url),)
    table = ISO_PARTICIPATION if m.group(2) else ISO_COMMITTEE
    out = [Generation(url, 2017, None, "current")]
    for template, first, last in table[1:]:
        out.append(Generation(template.format(id=m.group(1)), first, last, f"{first}-{last}"))
    return tuple(out)


@lru_cache(maxsize=32)
def spider_class(name: str):
    """The Scrapy spider class called ``name`` (for its ``scope_for``)."""
    import pkgutil
    from importlib import import_module

    from scrapy.utils.spider import iter_spider_classes

    import crawlers.spiders as package

    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        for cls in iter_spider_classes(import_module(info.name)):
            if cls.name == name:
                return cls
    raise KeyError(f"no spider named {name!r} in crawlers.spiders")


def scope_for(spider: str, url: str) -> str:
    """The scope the live spider gives ``url``."""
    return spider_class(spider)().scope_for(url)


def source_config(source: str, settings: Settings | None = None) -> dict:
    settings = settings or load_settings()
    cfg = settings.source(source)
    if not cfg:
        known = ", ".join(sorted(settings.sources))
        raise KeyError(f"unknown source {source!r}; configured: {known}")
    if not cfg.get("spider") or not cfg.get("parser"):
        raise KeyError(f"source {source!r} has no spider/parser in sources.toml")
    return cfg


def plan(
    source: str,
    *,
    urls: list[str] | None = None,
    ids: list[str] | None = None,
    settings: Settings | None = None,
) -> list[Target]:
    """Targets for ``source``: ``urls``/``ids`` given, else the configured URLs (``url``,
    ``urls``, ``list_url``), else for ISO committees the active committees in the store."""
    cfg = source_config(source, settings)
    spider, parser = cfg["spider"], cfg["parser"]
    wanted = list(urls or []) + [ISO_PAGE.format(id=i) for i in ids or []]
    if not wanted:
        wanted = [u for u in [cfg.get("url"), *cfg.get("urls", []), cfg.get("list_url")] if u]
    if not wanted and spider == "iso_committees":
        from tracker.targets import active_iso_committee_ids

        wanted = [ISO_PAGE.format(id=i) for i in active_iso_committee_ids()]
        if not wanted:
            raise ValueError("no ISO committee ids: ingest ISO Open Data first, or pass --id/--url")
    if not wanted:
        raise ValueError(f"source {source!r} has no configured URL: pass --url")
    targets = []
    for url in dict.fromkeys(wanted):
        if url == cfg.get("list_url") and spider == "iec_committees":
            scope, page_parser = (
                "iec-committee-list",
                "iec-committee-list",
            )  # as parse_list files it
        else:
            scope, page_parser = scope_for(spider, url), parser
        targets.append(Target(source, scope, page_parser, url, generations(url)))
    return targets

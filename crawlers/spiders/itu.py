"""ITU-T: management teams (mgmt.aspx), rapporteurs (loqr.aspx), focus-group pages, and the
contribution listings of meetings (md/meetingdoc.asp, paged)."""

from __future__ import annotations

import scrapy

from crawlers.parsers.common import ParseError
from crawlers.parsers.itu_fg import load_focus_groups
from crawlers.parsers.itu_md import next_page_url
from crawlers.parsers.itu_periods import group_from_url, loqr_url, md_url, mgmt_url, period_from_url
from crawlers.spiders.base import SnapshotSpider

# Study groups per study period id (16: 2017-2020, 17: 2022-2024, 18: 2025-2028).
STUDY_GROUPS = {
    16: ["TSAG", 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20],
    17: ["TSAG", 2, 3, 5, 9, 11, 12, 13, 15, 16, 17, 20],
    18: ["TSAG", 2, 3, 5, 9, 11, 12, 13, 15, 17, 20, 21],
}
FG_PAGE = "https://www.itu.int/en/ITU-T/focusgroups/{slug}/Pages/default.aspx"


def _list_arg(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


class _PeriodListSpider(SnapshotSpider):
    url_for = staticmethod(mgmt_url)

    def __init__(self, *args, groups: str | None = None, periods: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = [int(p) for p in _list_arg(periods)] or sorted(STUDY_GROUPS)
        self.groups = _list_arg(groups)

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)
        if self.start_urls:
            return
        for pid in self.periods:
            for group in self.groups or STUDY_GROUPS.get(pid, []):
                yield scrapy.Request(
                    self.url_for(group, pid), callback=self.parse, errback=self.failed
                )

    def scope_for(self, url: str) -> str:
        return f"{self.source}:{group_from_url(url)}:{period_from_url(url)}"


class ItuMgmtSpider(_PeriodListSpider):
    name = "itu_mgmt"
    source = "itu-mgmt"
    parser = "itu-mgmt"


class ItuLoqrSpider(_PeriodListSpider):
    name = "itu_loqr"
    source = "itu-loqr"
    parser = "itu-loqr"
    url_for = staticmethod(loqr_url)


class ItuFocusGroupsSpider(SnapshotSpider):
    name = "itu_fg"
    source = "itu-fg"
    parser = "itu-fg"

    async def start(self):
        urls = self.start_urls or [
            FG_PAGE.format(slug=fg["url_slug"]) for fg in load_focus_groups()
        ]
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def scope_for(self, url: str) -> str:
        return f"itu-fg:{url}"


class ItuContributionsSpider(SnapshotSpider):
    """``--arg meetings=T25-SG17-250415,…`` (or start URLs); follows the pager."""

    name = "itu_md"
    source = "itu-md"
    parser = "itu-md"

    def __init__(self, *args, meetings: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = _list_arg(meetings)

    async def start(self):
        urls = list(self.start_urls)
        for meeting in self.meetings:
            group = meeting.split("-")[1].removeprefix("SG") if meeting.count("-") >= 2 else meeting
            urls.append(md_url(group, meeting))
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed)

    def follow(self, response):
        url = response.meta.get("original_url", response.url)
        try:
            nxt = next_page_url(response.body, url)
        except ParseError:
            return
        if nxt:
            yield scrapy.Request(nxt, callback=self.parse, errback=self.failed)

    def scope_for(self, url: str) -> str:
        return f"itu-md:{url}"

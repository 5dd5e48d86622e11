"""3GPP: plenary report annexes (officials), election news, TDoc lists (one file per meeting).

Start URLs come from ``config/sources.toml`` (``urls``) or ``--url``; each URL is one scope.
"""

from __future__ import annotations

from crawlers.spiders.base import SnapshotSpider


class TgppOfficialsSpider(SnapshotSpider):
    """Report annexes: the complete list of TSG and WG officials at each plenary."""

    name = "tgpp_officials"
    source = "tgpp-officials"
    parser = "tgpp-officials"
    start_urls: list[str] = []

    def scope_for(self, url: str) -> str:
        """A TSG's report annex lists that TSG's and its WGs' officials: one roster per TSG."""
        for path, tsg in (("/tsg_ran/", "RAN"), ("/tsg_sa/", "SA"), ("/tsg_ct/", "CT")):
            if path in url.lower():
                return f"tgpp-officials:{tsg}"
        return f"tgpp-officials:{url}"


class TgppElectionsSpider(SnapshotSpider):
    name = "tgpp_elections"
    source = "tgpp-election"
    parser = "tgpp-election"
    start_urls: list[str] = []

    def scope_for(self, url: str) -> str:
        return f"tgpp-election:{url}"


class TgppTdocsSpider(SnapshotSpider):
    name = "tgpp_tdocs"
    source = "tgpp-tdocs"
    parser = "tgpp-tdocs"
    start_urls: list[str] = []
    custom_settings = {"DOWNLOAD_MAXSIZE": 100 * 1024 * 1024}

    def scope_for(self, url: str) -> str:
        return f"tgpp-tdocs:{url}"


class TgppCorporateGroupsSpider(SnapshotSpider):
    """3GPP's declared corporate groups (subsidiary -> parent), the preferred source of links."""

    name = "tgpp_corporate_groups"
    source = "tgpp-corporate-groups"
    parser = "tgpp-corporate-groups"
    start_urls = ["https://www.3gpp.org/dynareport?code=corporate-groups.htm"]

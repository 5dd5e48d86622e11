"""3GPP offline: officials annexes of two plenaries and a TDoc list, through Scrapy replay."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import FIXTURES
from tests.helpers import replay_dir

OFFICIALS = FIXTURES / "3gpp" / "tgpp_officials"
TDOCS = FIXTURES / "3gpp" / "tgpp_tdocs"
RAN88 = "https://www.3gpp.org/ftp/tsg_ran/TSG_RAN/TSGR_88e/Report/Report_Annexes.htm"
RAN90 = "https://www.3gpp.org/ftp/tsg_ran/TSG_RAN/TSGR_90e/Report/Report_Annexes.htm"
RAN1_123 = "https://www.3gpp.org/ftp/tsg_ran/WG1_RL1/TSGR1_123/docs/TDoc_List_Meeting_RAN1%23123.xlsx"


def _crawl(cli, tmp_path, spider, url, page, date):
    root = replay_dir(tmp_path, f"{spider}-{date}", {url: page})
    cli("crawl", spider, "--replay", root, "--url", url, "--observed-at", date)


def _share(cli, *args):
    rows = json.loads(cli("share", "--body", "3GPP", "--format", "json", *args).stdout)
    return {r["country"]: r["posts"] for r in rows}


def test_officials_history_and_attribution_modes(cli, tmp_path):
    _crawl(cli, tmp_path, "tgpp_officials", RAN88, OFFICIALS / "ran88e_report_annexes.html", "2020-07-03")
    _crawl(cli, tmp_path, "tgpp_officials", RAN90, OFFICIALS / "ran90e_report_annexes.html", "2020-12-11")
    # RAN4's chair moved from Futurewei to Apple (UK) Ltd mid-term: one person, a new interval
    events = list(csv.DictReader(io.StringIO(cli("events", "--body", "3GPP", "--format", "csv").stdout)))
    moved = [e for e in events if e["kind"] == "post_updated"]
    assert [(e["group"], e["holder"], e["previous_country"], e["country"]) for e in moved] == [
        ("RAN4", "Xiaodong Chen", "CN", "US")]
    assert json.loads(moved[0]["details"])["changed"]["organization_label"] == ["Futurewei", "Apple (UK) Ltd"]
    hq_before = _share(cli, "--role", "chair,vice_chair", "--as-of", "2020-08-01", "--attribution", "hq")
    hq_after = _share(cli, "--role", "chair,vice_chair", "--as-of", "2021-01-01", "--attribution", "hq")
    assert hq_after["US"] == hq_before.get("US", 0) + 1 and hq_after.get("CN", 0) == hq_before["CN"] - 1
    # MediaTek Beijing Inc.: registered in China, headquartered (MediaTek) in Taiwan, OP CCSA
    posts = json.loads(cli("posts", "--body", "3GPP", "--as-of", "2021-01-01", "--format", "json").stdout)
    ran2 = next(p for p in posts if p["group"] == "RAN2" and p["role"] == "chair")
    assert ran2["country"] == "TW" and ran2["country_basis"] == "hq"
    for mode, expected in (("registration", "CN"), ("partner_org", "CN"), ("hq", "TW")):
        rows = json.loads(cli("posts", "--body", "3GPP", "--as-of", "2021-01-01", "--attribution", mode,
                              "--format", "json").stdout)
        assert next(p for p in rows if p["group"] == "RAN2" and p["role"] == "chair")["country"] == expected
    op = _share(cli, "--role", "chair,vice_chair", "--as-of", "2021-01-01", "--attribution", "partner_org")
    assert "unattributed" in op  # ETSI members: Europe is a region, not a country


def test_tdoc_counts_through_replay(cli, tmp_path):
    _crawl(cli, tmp_path, "tgpp_tdocs", RAN1_123, TDOCS / "ran1_123.xlsx", "2025-11-21")
    rows = json.loads(cli("proposals", "--body", "3GPP", "--by", "source", "--format", "json").stdout)
    by_source = {r["source_entity"]: r["contributions"] for r in rows}
    assert by_source["HiSilicon"] == 3 and by_source["Ericsson"] == 1
    assert "Nokia" not in by_source and "ZTE" not in by_source and "RAN WG2" not in by_source
    frac = json.loads(cli("proposals", "--body", "3GPP", "--by", "source", "--method", "fractional",
                          "--format", "json").stdout)
    assert {r["source_entity"]: r["contributions"] for r in frac}["Samsung"] == 0.25
    by_country = {r["country"]: r["contributions"] for r in json.loads(
        cli("proposals", "--body", "3GPP", "--format", "json").stdout)}
    assert by_country["CN"] == 7 and by_country["US"] == 3 and by_country["KR"] == 2
    # the same list again adds nothing
    _crawl(cli, tmp_path / "again", "tgpp_tdocs", RAN1_123, TDOCS / "ran1_123.xlsx", "2025-11-21")
    again = json.loads(cli("proposals", "--body", "3GPP", "--by", "source", "--format", "json").stdout)
    assert {r["source_entity"]: r["contributions"] for r in again} == by_source


CT99 = "https://www.3gpp.org/ftp/tsg_ct/TSG_CT/TSGC_99_Rotterdam/Report/Report_Annexes.htm"
ELECTION = "https://www.3gpp.org/news-events/3gpp-news/tsg-ran-election"


def test_european_national_chairing_for_huawei_through_ccsa(cli, tmp_path):
    _crawl(cli, tmp_path, "tgpp_officials", CT99, OFFICIALS / "ct99_report_annexes.html", "2023-03-22")
    for mode, expected in (("hq", "CN"), ("partner_org", "CN"), ("listed", None)):
        rows = json.loads(cli("posts", "--body", "3GPP", "--as-of", "2023-04-01", "--attribution", mode,
                              "--format", "json").stdout)
        chair = next(p for p in rows if p["group"] == "CT" and p["role"] == "chair")
        assert (chair["holder"], chair["country"]) == ("Peter Schmitt", expected)


def test_election_news_gives_a_two_year_term(cli, tmp_path):
    page = FIXTURES / "3gpp" / "tgpp_election" / "tsg_ran_election_2023.html"
    _crawl(cli, tmp_path, "tgpp_elections", ELECTION, page, "2023-03-25")
    during = json.loads(cli("posts", "--body", "3GPP", "--as-of", "2024-01-01", "--format", "json").stdout)
    chair = next(p for p in during if p["role"] == "chair")
    assert (chair["group"], chair["holder"], chair["valid_from"], chair["valid_to"]) == (
        "RAN", "Wanshi Chen", "2023-03-20", "2025-03-20")
    assert chair["country"] == "US" and chair["country_basis"] == "hq"  # Qualcomm
    assert len([p for p in during if p["role"] == "vice_chair"]) == 3
    assert json.loads(cli("posts", "--body", "3GPP", "--as-of", "2025-06-01", "--format", "json").stdout) == []

"""TSG report annexes: "Co-ordinates of TSG and WG Officials" (reconstructed fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.tgpp_officials import parse, table_grid, to_iso_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "3gpp" / "tgpp_officials"
SA87_URL = "https://3gpp.org/ftp/tsg_sa/TSG_SA/TSGS_87E_Electronic/Report/Report_Annexes.htm"
RAN_URL = "https://3gpp.org/ftp/tsg_ran/TSG_RAN/{}/Report/Report_Annexes.htm"


def _parse(name: str, url: str = SA87_URL) -> list[dict]:
    return parse((FIXTURES / name).read_bytes(), url)


def _one(records: list[dict], group: str, role: str) -> dict:
    hits = [r for r in records if r["group"] == group and r["role"] == role]
    assert len(hits) == 1, hits
    return hits[0]


def test_sa87e_rows_with_empty_names_are_kept():
    records = _parse("sa87e_report_annexes.html")
    assert len(records) == 9
    assert all(r["person"] is None and r["person_missing"] for r in records)
    assert all(r["country"] is None and r["body"] == "3GPP" for r in records)
    chair = _one(records, "SA2", "chair")
    assert chair["organization"] == "Intel"
    assert chair["partner_org"] == "ATIS"
    assert chair["appointed"] == "2019-05-18"
    assert chair["remarks"] == "Elected at S2#133"
    assert chair["elected_at"] == "S2#133"
    assert chair["group_raw"] == "SA WG2"
    assert chair["parent_group"] == "SA"
    assert chair["source_url"] == SA87_URL


def test_sa87e_report_date_and_cp1252_decoding():
    records = _parse("sa87e_report_annexes.html")
    assert {r["observed_on"] for r in records} == {"2020-03-20"}
    assert records[0]["observed_on_raw"] == "17 – 20 March 2020"


def test_sa87e_rowspan_and_blank_group_cells():
    records = _parse("sa87e_report_annexes.html")
    sa2 = [r for r in records if r["group"] == "SA2"]
    assert [r["role"] for r in sa2] == ["chair", "vice_chair", "vice_chair"]
    assert [r["organization"] for r in sa2][1:] == [
        "Samsung R&D Institute UK",
        "China Mobile Com. Corporation",
    ]
    assert not any(r["group_carried"] for r in sa2)  # rowspan, not a blank cell
    sa3_vcs = [r for r in records if r["group"] == "SA3" and r["role"] == "vice_chair"]
    assert [r["organization"] for r in sa3_vcs] == ["Qualcomm Incorporated", "NTT DOCOMO INC."]
    assert all(r["group_carried"] for r in sa3_vcs)
    assert sa3_vcs[0]["role_raw"] == "ViceChairman"
    tsg = _one(records, "SA", "chair")
    assert tsg["parent_group"] is None and tsg["appointed"] == "2019-03-22"


def test_phone_columns_are_not_read():
    records = _parse("sa87e_report_annexes.html")
    values = {v for r in records for v in r.values() if isinstance(v, str)}
    assert not any("000 000" in v for v in values)


def test_reininger_ran3_huawei_ccsa_2017_without_report_date():
    records = _parse("ran75_report_annexes.html", RAN_URL.format("TSGR_75"))
    assert len(records) == 5
    ran3 = _one(records, "RAN3", "chair")
    assert ran3["person"] == "P. Reininger"
    assert ran3["organization"] == "HuaWei Technologies"  # as printed, not normalised here
    assert ran3["partner_org"] == "CCSA"
    assert ran3["country"] is None
    assert ran3["appointed"] is None and ran3["appointed_raw"] is None
    assert ran3["observed_on"] is None  # nothing printed outside the table
    vcs = [r for r in records if r["group"] == "RAN" and r["role"] == "vice_chair"]
    assert [r["person"] for r in vcs] == ["Vince Spatafora", "Xiaodong Xu", "Satoshi Nagata"]
    assert {r["elected_at"] for r in vcs} == {"RP#75"}


def test_johansson_title_removed_and_raw_kept():
    records = _parse("ran88e_report_annexes.html", RAN_URL.format("TSGR_88e"))
    ran2 = _one(records, "RAN2", "chair")
    assert ran2["person"] == "J. Johansson"
    assert ran2["person_raw"] == "Mr J. Johansson"
    assert ran2["organization"] == "MediaTek Beijing Inc."
    assert ran2["partner_org"] == "CCSA"
    assert ran2["parent_group"] == "RAN"


def test_ran4_chair_employer_change_between_two_annexes():
    before = _one(_parse("ran88e_report_annexes.html", RAN_URL.format("TSGR_88e")), "RAN4", "chair")
    after = _one(_parse("ran90e_report_annexes.html", RAN_URL.format("TSGR_90e")), "RAN4", "chair")
    assert before["person"] == after["person"] == "Xiaodong (Steven) Chen"
    assert (before["organization"], before["partner_org"]) == ("Futurewei", "ETSI")
    assert (after["organization"], after["partner_org"]) == ("Apple (UK) Ltd", "ETSI")
    # June 29 - July 3, 2020 (range across months) vs "Date: 11.12.2020" (label)
    assert before["observed_on"] == "2020-07-03"
    assert after["observed_on"] == "2020-12-11"
    assert "2020-10-02" in after["remarks"]


def test_schmitt_tsg_ct_th_headers_and_dotted_dates():
    records = _parse(
        "ct99_report_annexes.html",
        "https://3gpp.org/ftp/tsg_ct/TSG_CT/TSGC_99/Report/Report_Annexes.htm",
    )
    assert len(records) == 4
    chair = _one(records, "CT", "chair")
    assert chair["person"] == "Peter Schmitt"
    assert chair["organization"] == "HuaWei Technologies Co., Ltd"
    assert chair["partner_org"] == "CCSA"
    assert chair["appointed"] == "2023-03-21"
    monrad = next(r for r in records if r["person"] == "Atle Monrad")
    assert monrad["role"] == "vice_chair" and monrad["role_raw"] == "Vice-Chairman"
    assert (monrad["appointed"], monrad["appointed_raw"]) == ("2023-03-21", "21.03.2023")
    assert {r["observed_on"] for r in records} == {"2023-03-22"}  # "20th – 22nd March 2023"


HEADER = (
    "<tr><td>GRP</td><td>Position</td><td>Name</td><td>Organization</td><td>PartnerOrg</td></tr>"
)


def test_vacant_name_and_sub_heading_rows():
    html = (
        f"<table>{HEADER}<tr><td colspan=5>CT WG6</td></tr>"
        "<tr><td></td><td>Chairman</td><td>Vacant</td><td></td><td></td></tr>"
        "<tr><td></td><td>Vice Chairman</td><td>Dr Jane Example</td><td>Example Ltd</td><td>TTA</td></tr>"
        "</table>"
    )
    chair, vice = parse(html, "https://example.org/annex.htm")
    assert chair["group"] == "CT6" and chair["person"] is None
    assert chair["vacant"] is True and chair["person_missing"] is False
    assert vice["person"] == "Jane Example" and vice["person_raw"] == "Dr Jane Example"
    assert vice["group"] == "CT6" and vice["group_carried"] is True


def test_no_officials_table_is_a_layout_change():
    html = "<html><body><table><tr><td>Agenda</td><td>Title</td></tr></table></body></html>"
    with pytest.raises(LayoutChanged):
        parse(html, "https://example.org/annex.htm")


def test_error_page():
    html = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    with pytest.raises(ErrorPage):
        parse(html, "https://example.org/annex.htm")


def test_header_without_rows_is_no_roster():
    with pytest.raises(NoRosterFound):
        parse(f"<table>{HEADER}<tr><td></td><td></td></tr></table>", "https://example.org/a.htm")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019-05-18", "2019-05-18"),
        ("2019-05-18 00:00:00", "2019-05-18"),
        ("20.03.2023", "2023-03-20"),
        ("18 May 2019", "2019-05-18"),
        ("May 18, 2019", "2019-05-18"),
        ("3rd Sept 2020", "2020-09-03"),
        ("31.02.2020", None),
        ("Elected at S2#133", None),
        (None, None),
    ],
)
def test_to_iso_date(text, iso):
    assert to_iso_date(text) == iso


def test_table_grid_expands_rowspan_and_colspan():
    soup = BeautifulSoup(
        "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr><tr><td>c</td><td>d</td></tr></table>",
        "lxml",
    )
    assert table_grid(soup.table) == [["A", "B", None], ["A", "c", "d"]]

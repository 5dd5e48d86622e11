"""3GPP TDoc list workbooks (reconstructed fixtures, see tests/fixtures/3gpp/tgpp_tdocs/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import ErrorPage, LayoutChanged
from crawlers.parsers.tgpp_tdocs import (
    count_contributions,
    meeting_from_url,
    parse,
    split_sources,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "3gpp" / "tgpp_tdocs"
RAN1_URL = (
    "https://www.3gpp.org/ftp/tsg_ran/WG1_RL1/TSGR1_123/docs/TDoc_List_Meeting_RAN1%23123.xlsx"
)
RAN2_URL = (
    "https://www.3gpp.org/ftp/tsg_ran/WG2_RL2/TSGR2_129/Inbox/Tdoc_list/"
    "TDoc_List_Meeting_RAN2%23129%20(250221).xlsx"
)


@pytest.fixture(scope="module")
def ran1() -> list[dict]:
    return parse((FIXTURES / "ran1_123.xlsx").read_bytes(), RAN1_URL)


@pytest.fixture(scope="module")
def ran2() -> list[dict]:
    return parse((FIXTURES / "ran2_129_header_drift.xlsx").read_bytes(), RAN2_URL)


def _doc(records: list[dict], number: str) -> dict:
    (hit,) = [r for r in records if r["document"] == number]
    return hit


def test_one_record_per_tdoc_with_meeting_and_group(ran1):
    assert len(ran1) == 10
    assert {r["meeting"] for r in ran1} == {"RAN1#123"}
    assert {r["group"] for r in ran1} == {"RAN1"}
    assert {r["kind"] for r in ran1} == {"contribution"}
    first = _doc(ran1, "R1-2509001")
    assert first["title"] == "Discussion on AI/ML for CSI feedback enhancement"
    assert first["type"] == "discussion" and first["for"] == "Discussion"
    assert first["agenda_item"] == "9.1.1"
    assert first["status"] == "revised" and first["revised_to"] == "R1-2509007"
    assert first["source_url"] == RAN1_URL


def test_sources_split_on_commas_but_not_inside_company_names(ran1):
    assert _doc(ran1, "R1-2509001")["sources"] == ["Huawei", "HiSilicon"]
    assert _doc(ran1, "R1-2509002")["sources"] == ["Huawei Technologies Co., Ltd", "HiSilicon"]
    assert _doc(ran1, "R1-2509008")["sources"] == [
        "Samsung",
        "Apple Inc.",
        "Intel Corporation",
        "LG Electronics, Inc.",
    ]
    ericsson = _doc(ran1, "R1-2509003")
    assert ericsson["sources"] == ["Ericsson"]
    assert ericsson["sources_raw"] == "Ericsson (Rapporteur)"


def test_withdrawn_reserved_and_ls_in_flags(ran1):
    withdrawn = _doc(ran1, "R1-2509004")
    assert withdrawn["withdrawn"] is True and withdrawn["countable"] is False
    reserved = _doc(ran1, "R1-2509005")
    assert reserved["reserved_only"] is True and reserved["withdrawn"] is False
    assert reserved["countable"] is False
    ls = _doc(ran1, "R1-2509006")
    assert ls["sources"] == ["RAN WG2"]
    assert ls["is_ls_in"] is True and ls["group_source"] is True and ls["countable"] is False
    assert ls["ls_to"] == "RAN WG1"
    countable = [r["document"] for r in ran1 if r["countable"]]
    assert countable == ["R1-2509001", "R1-2509002", "R1-2509003", "R1-2509007", "R1-2509008",
                         "R1-2509009", "R1-2509010"]  # fmt: skip


def test_count_full_mode(ran1):
    assert count_contributions(ran1, mode="full") == {
        "HiSilicon": 3.0,
        "Huawei": 2.0,
        "AT&T": 1.0,
        "Apple Inc.": 1.0,
        "CATT": 1.0,
        "Ericsson": 1.0,
        "Huawei Technologies Co., Ltd": 1.0,
        "Intel Corporation": 1.0,
        "LG Electronics, Inc.": 1.0,
        "Samsung": 1.0,
    }


def test_count_fractional_mode(ran1):
    counts = count_contributions(ran1, mode="fractional")
    assert counts["HiSilicon"] == pytest.approx(1.5)
    assert counts["Huawei"] == pytest.approx(1.0)
    assert counts["Huawei Technologies Co., Ltd"] == pytest.approx(0.5)
    assert counts["LG Electronics, Inc."] == pytest.approx(0.25)
    assert counts["CATT"] == counts["AT&T"] == pytest.approx(1.0)  # no substring double count
    assert "Nokia" not in counts and "ZTE" not in counts and "RAN WG2" not in counts
    assert sum(counts.values()) == pytest.approx(7.0)  # one per countable TDoc


def test_count_rules_revisions_duplicates_and_bad_mode(ran1):
    without_revisions = count_contributions(ran1, include_revisions=False)
    assert without_revisions["Huawei"] == 1.0 and without_revisions["HiSilicon"] == 2.0
    assert count_contributions(ran1 + ran1) == count_contributions(ran1)
    repeated = [dict(_doc(ran1, "R1-2509001"), sources=["Huawei", "HiSilicon", "Huawei"])]
    assert count_contributions(repeated, mode="fractional") == {"HiSilicon": 0.5, "Huawei": 0.5}
    with pytest.raises(ValueError):
        count_contributions(ran1, mode="weighted")


def test_header_drift_and_title_row(ran2):
    assert [r["document"] for r in ran2] == ["R2-2500101", "R2-2500102", "R2-2500103", "R2-2500104"]
    assert {(r["group"], r["meeting"]) for r in ran2} == {("RAN2", "RAN2#129")}
    cr = _doc(ran2, "R2-2500103")
    assert cr["spec"] == "38.331"  # from "Specification"
    assert cr["sources"] == ["Huawei", "HiSilicon", "Qualcomm Incorporated"]
    assert cr["is_revision_of"] is None  # column absent: key present, value None
    assert _doc(ran2, "R2-2500101")["sources"] == ["MediaTek Inc."]
    ls_in = _doc(ran2, "R2-2500102")
    assert ls_in["is_ls_in"] is True and ls_in["ls_to"] == "RAN WG2"  # from "LS_To"


def test_group_drafted_ls_out_is_not_ls_in_and_not_countable(ran2):
    ls_out = _doc(ran2, "R2-2500104")
    assert ls_out["group_source"] is True
    assert ls_out["is_ls_in"] is False
    assert ls_out["countable"] is False
    assert count_contributions(ran2) == {"HiSilicon": 1.0, "Huawei": 1.0, "MediaTek Inc.": 1.0,
                                         "Qualcomm Incorporated": 1.0}  # fmt: skip


def test_missing_source_column_is_a_layout_change():
    with pytest.raises(LayoutChanged):
        parse((FIXTURES / "broken_no_source.xlsx").read_bytes(), RAN1_URL)


def test_not_a_workbook():
    with pytest.raises(ErrorPage):
        parse(b"<!DOCTYPE html><html><title>404 Not Found</title></html>", RAN1_URL)
    with pytest.raises(LayoutChanged):
        parse(b"PK\x03\x04 truncated", RAN1_URL)


def test_group_falls_back_to_url_folder():
    body = (FIXTURES / "ran1_123.xlsx").read_bytes()
    records = parse(body, "https://www.3gpp.org/ftp/tsg_ran/WG1_RL1/TSGR1_123/docs/list.xlsx")
    assert {r["group"] for r in records} == {"RAN1"}
    assert {r["meeting"] for r in records} == {None}


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("Huawei, HiSilicon", ["Huawei", "HiSilicon"]),
        ("Huawei Technologies Co., Ltd, HiSilicon", ["Huawei Technologies Co., Ltd", "HiSilicon"]),
        ("Samsung Electronics Co., Ltd., Nokia", ["Samsung Electronics Co., Ltd.", "Nokia"]),
        ("LG Electronics, Inc, Intel", ["LG Electronics, Inc", "Intel"]),
        ("Example Networks, LLC, ZTE", ["Example Networks, LLC", "ZTE"]),
        ("Telefonica, S.A., Orange", ["Telefonica, S.A.", "Orange"]),
        (
            "Guangdong OPPO Mobile Telecommunications Corp.,Ltd.",
            ["Guangdong OPPO Mobile Telecommunications Corp.,Ltd."],
        ),
        ("Ericsson (Rapporteur), Nokia", ["Ericsson", "Nokia"]),
        ("  ", []),
        (None, []),
    ],
)
def test_split_sources(text, sources):
    assert split_sources(text) == sources


@pytest.mark.parametrize(
    ("url", "meeting"),
    [
        (RAN1_URL, "RAN1#123"),
        (RAN2_URL, "RAN2#129"),
        (
            "https://www.3gpp.org/ftp/x/TDoc_List_Meeting_RAN1%23124-bis%20(260417).xlsx",
            "RAN1#124-bis",
        ),
        (
            "https://www.3gpp.org/ftp/x/TDoc_List_Meeting_SA4-e%20(AH)%20on%20FS_6G_MED.xlsx",
            "SA4-e (AH) on FS_6G_MED",
        ),
        ("https://www.3gpp.org/ftp/x/other.xlsx", None),
    ],
)
def test_meeting_from_url(url, meeting):
    assert meeting_from_url(url) == meeting

"""ITU-T study periods, md prefixes, group codes and list/md URLs (SOURCES.md 1.1, 1.3)."""

from __future__ import annotations

import pytest

from crawlers.parsers.itu_periods import (
    PERIODS,
    group_code,
    group_from_url,
    group_param,
    loqr_url,
    md_prefix,
    md_prefix_verified,
    md_url,
    mgmt_url,
    period_for_prefix,
    period_from_url,
    period_id,
    period_id_for_label,
    period_label,
    query_param,
)


@pytest.mark.parametrize(("year", "pid"), [(2017, 16), (2022, 17), (2025, 18), (2013, 15)])
def test_period_id_formula(year, pid):
    assert period_id(year) == pid


def test_period_id_rejects_years_before_the_first_period():
    with pytest.raises(ValueError):
        period_id(1950)


@pytest.mark.parametrize(
    ("pid", "label", "prefix"),
    [(16, "2017-2020", "T17"), (17, "2022-2024", "T22"), (18, "2025-2028", "T25")],
)
def test_labels_and_md_prefixes(pid, label, prefix):
    assert period_label(pid) == label
    assert period_id_for_label(label) == pid
    assert md_prefix(label) == prefix
    assert period_for_prefix(prefix) == label


def test_the_2022_2024_period_is_three_years_and_its_prefix_unverified():
    start, end = (int(y) for y in period_label(17).split("-"))
    assert end - start + 1 == 3
    assert md_prefix_verified("2022-2024") is False
    assert md_prefix_verified("2017-2020") is True
    assert md_prefix_verified("2025-2028") is True


def test_every_period_id_matches_the_formula_for_its_first_year():
    for pid, (label, prefix, _ok) in PERIODS.items():
        assert period_id(int(label[:4])) == pid
        assert prefix == "T" + label[2:4]


def test_unknown_period_and_prefix():
    with pytest.raises(ValueError):
        period_label(19)
    with pytest.raises(ValueError):
        md_prefix("2029-2032")
    assert period_for_prefix("T29") is None


@pytest.mark.parametrize(
    ("given", "code", "param"),
    [(13, "SG13", "13"), ("13", "SG13", "13"), ("sg2", "SG2", "2"), ("SG 21", "SG21", "21"),
     ("tsag", "TSAG", "TSAG")],
)  # fmt: skip
def test_group_codes(given, code, param):
    assert group_code(given) == code
    assert group_param(given) == param


def test_group_code_rejects_other_groups():
    with pytest.raises(ValueError):
        group_code("WP1/13")


def test_list_urls():
    assert (
        mgmt_url("SG13", 18) == "https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Group=13&Period=18"
    )
    assert loqr_url(17, 16) == "https://www.itu.int/net4/ITU-T/lists/loqr.aspx?Group=17&Period=16"
    assert mgmt_url("TSAG", 17).endswith("mgmt.aspx?Group=TSAG&Period=17")


def test_md_urls():
    assert md_url("SG17", "T25-SG17-250415") == (
        "https://www.itu.int/md/meetingdoc.asp?lang=en&parent=T25-SG17-250415-C&question=QALL/17"
    )
    assert md_url(12, "T25-SG12-250520", question="Q6", doc="TD-PLEN").endswith(
        "parent=T25-SG12-250520-TD-PLEN&question=Q6/12"
    )
    assert md_url("SG12", "T25-SG12-250520", question="Q6/12").endswith("question=Q6/12")
    with pytest.raises(ValueError):
        md_url("SG17", "250415")


def test_url_readers_work_on_wayback_urls_and_any_case():
    url = "https://web.archive.org/web/20250101000000id_/https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?group=13&PERIOD=18"
    assert group_from_url(url) == "SG13"
    assert period_from_url(url) == "2025-2028"
    assert query_param(url, "Group") == "13"
    assert group_from_url("https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Period=18") is None
    assert period_from_url("https://x/mgmt.aspx?Group=13&Period=99") is None

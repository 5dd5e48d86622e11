"""3GPP corporate groups report (structure UNVERIFIED; reconstructed fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import LayoutChanged, NoRosterFound
from crawlers.parsers.tgpp_corporate import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "3gpp" / "tgpp_corporate"
URL = "https://www.3gpp.org/dynareport?code=corporate-groups.htm"


def _links(name: str) -> dict[str, dict]:
    return {r["organization"]: r for r in parse((FIXTURES / name).read_bytes(), URL)}


def test_one_row_per_member_with_rowspan_and_blank_group_cells():
    links = _links("corporate_groups.html")
    assert len(links) == 10
    hisilicon = links["HiSilicon Technologies"]
    assert hisilicon == {
        "kind": "corporate_link",
        "body": "3GPP",
        "organization": "HiSilicon Technologies",
        "parent": "Huawei Technologies Co., Ltd",
        "partner_org": "CCSA",
        "source_url": URL,
    }
    assert links["Futurewei Technologies"]["parent"] == "Huawei Technologies Co., Ltd"
    assert links["MediaTek Korea Inc."]["parent"] == "MediaTek Inc."  # blank cell continues
    assert links["MediaTek Korea Inc."]["partner_org"] == "TTA"
    assert links["Alcatel-Lucent International"]["parent"] == "Nokia Corporation"
    # the parent's own row is not a link to itself
    assert "Huawei Technologies Co., Ltd" not in links and "MediaTek Inc." not in links


def test_members_listed_in_one_cell():
    links = _links("corporate_groups_list_cells.html")
    assert list(links) == [
        "Qualcomm CDMA Technologies GmbH",
        "Qualcomm India Pvt Ltd",
        "Qualcomm Finland RFFE Oy",
        "Apple France",
        "Apple GmbH",
    ]
    assert {r["parent"] for r in links.values() if r["organization"].startswith("Apple")} == {
        "Apple Inc."
    }
    assert {r["partner_org"] for r in links.values()} == {None}


def test_no_corporate_table():
    with pytest.raises(LayoutChanged):
        parse("<table><tr><td>Meeting</td><td>Dates</td></tr></table>", URL)


def test_table_without_members():
    html = "<table><tr><th>Corporate group</th><th>Member organisation</th></tr><tr><td>Solo Ltd</td><td>Solo Ltd</td></tr></table>"
    with pytest.raises(NoRosterFound):
        parse(html, URL)

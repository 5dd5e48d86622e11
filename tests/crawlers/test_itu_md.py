"""ITU-T md meeting document listings (reconstructed fixtures, SOURCES.md 1.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import ErrorPage, LayoutChanged
from crawlers.parsers.itu_md import PARSER_VERSION, next_page_url, page_offset, parse, parse_parent
from crawlers.parsers.itu_periods import md_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "itu" / "itu_md"
C_URL = md_url("SG17", "T25-SG17-250415")
TD_URL = md_url("SG17", "T25-SG17-250415", doc="TD-PLEN")


def _body(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_parser_version():
    assert PARSER_VERSION == "2"


def test_contribution_records():
    records = parse(_body("t25_sg17_250415_c_page1.html"), C_URL)
    assert [r["document"] for r in records] == [
        "T25-SG17-C-0101",
        "T25-SG17-C-0102",
        "T25-SG17-C-0103",
        "T25-SG17-C-0104",
    ]
    first = records[0]
    assert first["kind"] == "contribution" and first["body"] == "ITU-T"
    assert (first["group"], first["meeting"], first["period"]) == (
        "SG17",
        "T25-SG17-250415",
        "2025-2028",
    )
    assert (first["type"], first["number"], first["revision"]) == ("C", 101, None)
    assert (
        first["title"] == "Proposal for a new work item on security guidelines for example systems"
    )
    assert first["questions"] == ["Q6/17", "Q8/17"]
    assert first["document_url"] == "https://www.itu.int/md/T25-SG17-C-0101/en"
    assert first["source_url"] == C_URL


def test_multi_source_contributions_keep_every_source():
    records = parse(_body("t25_sg17_250415_c_page1.html"), C_URL)
    assert records[0]["sources"] == [
        "China Telecom",
        "China Unicom",
        "Huawei Technologies Co., Ltd.",
    ]
    assert records[2]["sources"] == ["France", "European Commission"]
    assert records[1]["sources"] == ["Korea (Rep. of)"]


def test_revision_from_note_and_not_uploaded():
    records = parse(_body("t25_sg17_250415_c_page1.html"), C_URL)
    rev = records[1]
    assert rev["revision"] == 1
    assert (rev["title"], rev["title_from"]) == (
        "Comments on draft Recommendation X.example",
        "Q11/17",
    )
    plain = records[2]
    assert (plain["uploaded"], plain["document_url"], plain["number"]) == (False, None, 103)
    assert plain["questions"] == ["QALL/17"]


def test_paging_over_two_pages():
    page1 = _body("t25_sg17_250415_c_page1.html")
    url2 = next_page_url(page1, C_URL)
    assert url2 == C_URL + "&PageLB=4"
    assert page_offset(url2) == 4
    page2 = _body("t25_sg17_250415_c_page2.html")
    assert next_page_url(page2, url2) is None
    documents = [r["document"] for r in parse(page1, C_URL) + parse(page2, url2)]
    assert len(documents) == len(set(documents)) == 6
    assert documents[-2:] == ["T25-SG17-C-0105", "T25-SG17-C-0106"]


def test_iso8859_2_page_decodes():
    body = _body("t25_sg17_250415_c_page2.html")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    first = parse(body, C_URL + "&PageLB=4")[0]
    assert first["title"] == "Results of example trials in Łódź"
    assert first["sources"] == ["Poland"]


def test_td_listing_is_marked_td():
    records = parse(_body("t25_sg17_250415_td_plen.html"), TD_URL)
    assert [r["document"] for r in records] == [
        "T25-SG17-250415-TD-PLEN-0348",
        "T25-SG17-250415-TD-PLEN-0349",
    ]
    assert {r["type"] for r in records} == {"TD"}
    assert records[0]["td_series"] == "PLEN"
    assert (records[0]["title"], records[0]["title_from"]) == (
        "LS on example security matters",
        "ITU-T SG13",
    )
    assert records[1]["sources"] == ["TSB"]


def test_renamed_headers_are_a_layout_change():
    with pytest.raises(LayoutChanged):
        parse(_body("renamed_headers.html"), C_URL)
    with pytest.raises(LayoutChanged):
        next_page_url(_body("renamed_headers.html"), C_URL)


def test_header_without_rows_is_an_empty_listing():
    html = """<table><tr><td colspan="6">x</td></tr><tr><td></td><td><strong>Number</strong></td>
      <td><strong>Title</strong></td><td><strong>Source</strong></td><td><strong>AI/Question</strong></td>
      <td><strong>Date</strong></td></tr><tr><td colspan="6">Page 1 of 1</td></tr></table>"""
    assert parse(html, C_URL) == []


def test_error_page():
    html = "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>"
    with pytest.raises(ErrorPage):
        parse(html, C_URL)


@pytest.mark.parametrize(
    ("parent", "meeting", "kind", "series", "period"),
    [("T25-SG17-250415-C", "T25-SG17-250415", "C", None, "2025-2028"),
     ("T17-SG13-200313-TD-WP1", "T17-SG13-200313", "TD", "WP1", "2017-2020"),
     ("T22-TSAG-230530-TD-GEN", "T22-TSAG-230530", "TD", "GEN", "2022-2024"),
     ("T17-SG13-C", None, "C", None, "2017-2020")],
)  # fmt: skip
def test_parse_parent(parent, meeting, kind, series, period):
    got = parse_parent(f"https://www.itu.int/md/meetingdoc.asp?lang=en&parent={parent}")
    assert (got["meeting"], got["type"], got["series"], got["period"]) == (
        meeting,
        kind,
        series,
        period,
    )


def test_url_without_parent_is_refused():
    with pytest.raises(ValueError):
        parse(
            _body("t25_sg17_250415_c_page1.html"), "https://www.itu.int/md/meetingdoc.asp?lang=en"
        )

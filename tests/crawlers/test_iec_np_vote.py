"""IEC NP ballot page parser, on a RECONSTRUCTED fixture (SOURCES.md 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers import iec_np_vote
from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.iec_np_vote import parse

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "iec" / "iec_np_vote"
URL = (
    "https://www.iec.ch/dyn/www/f?p=103:52:0::::"
    "FSP_ORG_ID,FSP_DOC_ID,FSP_DOC_PIECE_ID:1273,1026728,338343"
)


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def test_fixture_says_it_is_reconstructed():
    text = (FIX / "57_2235_NP.html").read_text(encoding="utf-8")
    assert text.startswith("<!-- RECONSTRUCTED") and "SOURCES.md section 3" in text[:600]


def test_np_ballot_rows():
    records = parse(load("57_2235_NP.html"), URL)
    assert [r["country"] for r in records] == ["AR", "CN", "US"]
    ar, cn, us = records
    assert ar["country_raw"] == "Argentina"
    assert (ar["vote"], ar["will_participate"], ar["experts_nominated"]) == ("approve", True, False)
    assert (cn["vote"], cn["will_participate"], cn["experts_nominated"]) == ("approve", True, True)
    assert (us["vote"], us["will_participate"], us["experts_nominated"]) == (
        "disapprove",
        False,
        True,
    )
    assert us["country_raw"] == "United States of America"
    assert us["vote_date"] == "2020-09-01" and ar["vote_date"] == "2020-08-31"
    assert ar["columns_raw"] == ["Y", "Y", "N", "-"]
    assert ar["comments_raw"] is None
    for rec in records:
        assert rec["kind"] == "vote" and rec["body"] == "IEC"
        assert rec["group"] == "IEC TC 57"
        assert rec["document"] == "57/2235/NP"
        assert rec["project"] == "IEC TS 63353 ED1"
        assert rec["member_type"] == "P"
        assert rec["circulation_date"] == "2020-06-12"
        assert rec["closing_date"] == "2020-09-04"
        assert rec["result"] == "APPROVED"
        assert rec["tally"] == {
            "p_members_voting": 22,
            "approve": 18,
            "approval_pct": 81.8,
            "criterion": ">=66.7%",
        }
        assert rec["iec_org_id"] == 1273 and rec["iec_doc_id"] == 1026728
        assert rec["source_url"] == URL


def test_text_rows_sc_prefix_o_member_and_unknown_country():
    # No tables: rows as text lines (div layout); an SC document; an O-member that did not vote.
    html = """<html><body><h1>SC 65A</h1><div>Document 65A/1001/NP</div>
    <div>Project: IEC 61508-9 ED1</div>
    <div>Reference Circulation date Closing date 65A/1001/NP 2024-01-05 2024-04-05</div>
    <div>Japan P 2024-03-01 Y N Y -</div>
    <div>Korea, Republic of P 2024-03-02 A N N -</div>
    <div>Norway O - - - - -</div>
    <div>Atlantis P 2024-03-03 Y Y Y see comments</div>
    <div>3 1 50.0 &gt;=66.7% NOT APPROVED</div></body></html>"""
    records = parse(html, "https://www.iec.ch/dyn/www/f?p=103:52:0")
    assert [(r["country"], r["member_type"], r["vote"]) for r in records] == [
        ("JP", "P", "approve"),
        ("KR", "P", "abstain"),
        ("NO", "O", None),
    ]  # "Atlantis … see comments" is not a row of the documented shape
    assert records[0]["group"] == "IEC SC 65A"
    assert records[0]["circulation_date"] == "2024-01-05"
    assert records[2]["vote_date"] is None and records[2]["experts_nominated"] is None
    assert records[0]["result"] == "NOT APPROVED"
    assert records[0]["tally"]["approval_pct"] == 50.0
    assert records[0]["iec_org_id"] is None


def test_headers_override_positional_reading():
    html = """<html><body><p>Document 57/3000/NP</p><table>
    <tr><th>Country</th><th>Status</th><th>Date</th><th>Experts</th><th>Approval</th><th>Participation</th></tr>
    <tr><td>China</td><td>P</td><td>2025-02-01</td><td>N</td><td>Y</td><td>Y</td></tr>
    </table></body></html>"""
    (rec,) = parse(html, URL)
    assert (rec["vote"], rec["will_participate"], rec["experts_nominated"]) == (
        "approve",
        True,
        False,
    )
    assert rec["result"] is None and rec["tally"] is None


def test_ballot_without_votes():
    html = "<html><body><h1>TC 57</h1><p>Document 57/2999/NP</p><p>Voting open.</p></body></html>"
    with pytest.raises(NoRosterFound, match="57/2999/NP"):
        parse(html, URL)


def test_page_without_document_number():
    with pytest.raises(LayoutChanged):
        parse("<html><body><h1>TC 57</h1><p>Argentina P 2020-08-31 Y Y N -</p></body></html>", URL)


def test_error_page():
    with pytest.raises(ErrorPage):
        parse(
            "<html><head><title>Error</title></head><body><h1>Page not found</h1></body></html>",
            URL,
        )


def test_parser_version():
    assert iec_np_vote.PARSER_VERSION == "2"

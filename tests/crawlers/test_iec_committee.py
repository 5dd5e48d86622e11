"""IEC committee dashboard parser, on RECONSTRUCTED fixtures (SOURCES.md 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers import iec_committee
from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.iec_committee import apex_items, normalise_group, parse, parse_committee_list

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "iec" / "iec_committee"
TC57_OLD = "https://www.iec.ch/dyn/www/f?p=103:7:14932784151543::::FSP_ORG_ID,FSP_LANG_ID:1273,25"
TC57 = "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:1273"


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def test_every_fixture_says_it_is_reconstructed():
    for path in FIX.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!-- RECONSTRUCTED"), path.name
        assert "SOURCES.md" in text[:1200], path.name


def test_tc57_officers():
    records = parse(load("tc57_officers.html"), TC57_OLD)
    assert [r["role"] for r in records] == [
        "secretariat",
        "secretary",
        "assistant_secretary",
        "chair",
        "staff",
    ]
    sec, secretary, assistant, chair, officer = records
    assert sec["person"] is None
    assert sec["country"] == "DE" and sec["country_raw"] == "Germany"
    assert sec["member_body"] == "Germany" and sec["country_basis"] == "member_body"
    assert secretary["person"] == "Erik Example" and secretary["country"] is None
    assert assistant["person"] == "Nora Sample"
    assert assistant["role_raw"] == "Assistant Secretary"
    assert chair["person"] == "Hugo Placeholder"
    assert chair["person_raw"] == "Dr Hugo Placeholder (until 2027-12-31)"
    assert chair["term_end"] == "2027-12-31"
    assert officer["is_staff"] is True and officer["role_raw"] == "Technical Officer"
    assert "is_staff" not in chair
    for rec in records:
        assert rec["body"] == "IEC" and rec["kind"] == "post"
        assert rec["group"] == "IEC TC 57"
        assert rec["group_name"] == "Power systems management and associated information exchange"
        assert rec["iec_org_id"] == 1273
        assert rec["source_url"] == TC57_OLD


def test_joint_committee_table_layout_and_vacant_chair():
    url = "https://www.iec.ch/dyn/www/f?p=103:7:::::FSP_ORG_ID:49854"
    records = parse(load("jtc3_officers.html"), url)
    assert [(r["role"], r["person"]) for r in records] == [
        ("secretariat", None),
        ("secretary", "Ada Example"),
        ("staff", "Ben Sample"),
    ]  # "Chair: -" is a vacancy, not a person
    assert records[0]["country"] == "GB"
    assert {r["group"] for r in records} == {"IEC/ISO JTC 3"}
    assert {r["group_name"] for r in records} == {"Quantum technologies"}
    assert {r["iec_org_id"] for r in records} == {49854}


def test_secretariat_not_a_country_keeps_null_country():
    html = """<html><head><title>IEC - SC 65A Dashboard</title></head><body><h1>SC 65A</h1>
    <p>Secretariat: Atlantis</p><p>Chair: Ms Val Example (until 2026-12-31)</p></body></html>"""
    records = parse(html, TC57)
    assert records[0]["group"] == "IEC SC 65A"
    assert records[0]["country"] is None and records[0]["member_body"] == "Atlantis"
    assert "country_basis" not in records[0]
    assert records[1]["term_end"] == "2026-12-31"


def test_no_officers():
    with pytest.raises(NoRosterFound, match="IEC TC 57"):
        parse(load("no_officers.html"), TC57)


def test_error_page():
    with pytest.raises(ErrorPage):
        parse(
            load("error_page.html"), "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:99999999"
        )
    with pytest.raises(ErrorPage):
        parse("   ", TC57)


def test_changed_layout():
    with pytest.raises(LayoutChanged):
        parse(load("layout_changed.html"), TC57)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (TC57, {"FSP_ORG_ID": "1273"}),
        (TC57_OLD, {"FSP_ORG_ID": "1273", "FSP_LANG_ID": "25"}),
        (
            "https://www.iec.ch/dyn/www/f?p=103:52:0::::FSP_ORG_ID,FSP_DOC_ID,FSP_DOC_PIECE_ID:1273,1026728,338343",
            {"FSP_ORG_ID": "1273", "FSP_DOC_ID": "1026728", "FSP_DOC_PIECE_ID": "338343"},
        ),
        ("https://www.iec.ch/dyn/www/f?p=103:7", {}),
    ],
)
def test_apex_items(url, expected):
    assert apex_items(url) == expected


@pytest.mark.parametrize(
    ("code", "prefix", "group"),
    [
        ("TC 57", None, "IEC TC 57"),
        ("SC 65A", None, "IEC SC 65A"),
        ("TC57", None, "IEC TC 57"),
        ("JTC 1/SC 41", "ISO/IEC", "ISO/IEC JTC 1/SC 41"),
        ("JTC 1/SC 41", None, "ISO/IEC JTC 1/SC 41"),
        ("JTC 3", None, "IEC/ISO JTC 3"),
        ("CISPR/I", None, "CISPR/I"),
    ],
)
def test_normalise_group(code, prefix, group):
    assert normalise_group(code, prefix) == group


def test_committee_list():
    url = "https://www.iec.ch/dyn/www/f?p=103:6:0"
    records = parse_committee_list(load("committee_list.html"), url)
    assert [(r["group"], r["iec_org_id"]) for r in records] == [
        ("IEC TC 57", 1273),
        ("IEC SC 65A", 91001),
        ("CISPR", 91002),
        ("IEC/ISO JTC 3", 49854),
    ]  # the duplicate TC 57 row and the non-code link are dropped
    assert records[0] == {
        "kind": "group",
        "body": "IEC",
        "group": "IEC TC 57",
        "group_name": "Power systems management and associated information exchange",
        "iec_org_id": 1273,
        "url": "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID,FSP_LANG_ID:1273,25",
        "source_url": url,
    }
    assert records[3]["group_name"] == "Quantum technologies"


def test_committee_list_without_links_is_a_layout_change():
    with pytest.raises(LayoutChanged):
        parse_committee_list(load("no_officers.html"), "https://www.iec.ch/dyn/www/f?p=103:6:0")


def test_parser_version():
    assert iec_committee.PARSER_VERSION == "2"


def test_bold_labels_without_colon():
    # The shared line/label helpers read the end of a <strong>/<th> label like ":".
    html = """<html lang="en"><head><title>IEC - TC 57 Dashboard</title></head><body>
    <h1>TC 57</h1><h2>Power systems management and associated information exchange</h2>
    <p><strong>Secretariat</strong> Germany</p>
    <p><strong>Secretary</strong> Mr Erik <b>Example</b></p>
    <table><tr><th>Chair</th><td>Dr <b>Hugo</b> Placeholder (until 2027-12-31)</td></tr></table>
    <p>Secretary of this <b>committee</b> is appointed by the secretariat.</p>
    </body></html>"""
    records = parse(html, TC57)
    assert [(r["role"], r["role_raw"], r["person"]) for r in records] == [
        ("secretariat", "Secretariat", None),
        ("secretary", "Secretary", "Erik Example"),
        ("chair", "Chair", "Hugo Placeholder"),
    ]
    assert records[0]["country"] == "DE"
    assert records[2]["person_raw"] == "Dr Hugo Placeholder (until 2027-12-31)"
    assert records[2]["term_end"] == "2027-12-31"

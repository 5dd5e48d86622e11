"""ITU-T loqr.aspx Questions and Rapporteurs (reconstructed fixtures, SOURCES.md 1.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.itu_loqr import PARSER_VERSION, parse, parse_qwp
from crawlers.parsers.itu_periods import loqr_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "itu" / "itu_loqr"
SG17_URL = loqr_url("SG17", 16)
SG13_URL = loqr_url("SG13", 18)
P = "ContentPlaceHolder1_dtlRappQues_"


def _parse(name: str, url: str) -> list[dict]:
    return parse((FIXTURES / name).read_bytes(), url)


def test_parser_version():
    assert PARSER_VERSION == "1"


def test_rapporteur_with_question_wp_and_country_from_last_address_line():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    assert len(records) == 4  # Q4/17 is printed without a rapporteur: no record
    first = records[0]
    assert first["kind"] == "post" and first["body"] == "ITU-T"
    assert (first["group"], first["question"], first["parent_group"]) == (
        "Q1/17",
        "Q1/17",
        "WP1/17",
    )
    assert first["group_name"] == "Telecommunication/ICT security coordination"
    assert (first["person"], first["organization"]) == ("Wala Turki Latrous", "CERT")
    assert (first["role"], first["role_raw"]) == ("rapporteur", "Rapporteur")
    assert (first["country"], first["country_raw"]) == ("TN", "Tunisia")
    assert first["period"] == "2017-2020" and first["source_url"] == SG17_URL


def test_following_rows_inherit_the_question_and_delegates_have_no_organisation():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    assoc = records[1]
    assert (assoc["group"], assoc["person"]) == ("Q1/17", "Omar Benali")
    assert assoc["role"] == "associate_rapporteur"
    assert assoc["organization"] is None
    assert (assoc["address"], assoc["country"]) == ("Rabat\nMorocco", "MA")
    assert [r["group"] for r in records] == ["Q1/17", "Q1/17", "Q2/17", "Q2/17"]


def test_co_rapporteurs_map_to_rapporteur():
    q2 = [r for r in _parse("sg17_2017-2020.html", SG17_URL) if r["group"] == "Q2/17"]
    assert [(r["person"], r["role"], r["role_raw"]) for r in q2] == [
        ("Lena Hoffmann", "rapporteur", "Co-rapporteur"),
        ("Ravi Kumar", "rapporteur", "Co-rapporteur"),
    ]
    assert q2[0]["country"] == "DE" and q2[1]["country"] == "IN"


def test_phones_and_emails_are_not_read():
    values = " ".join(str(v) for r in _parse("sg17_2017-2020.html", SG17_URL) for v in r.values())
    assert "+00" not in values and "[at]" not in values


def test_repeated_ids_plenary_question_titles_and_missing_role():
    records = _parse("sg13_2025-2028_repeated_ids.html", SG13_URL)
    assert len(records) == 4
    plen = records[0]
    assert (plen["group"], plen["parent_group"]) == ("Q1/13", "SG13")
    assert (plen["person"], plen["person_raw"]) == ("Alex Sample", "Mr Alex Sample")
    assert plen["period"] == "2025-2028"
    q6 = records[1:]
    assert {r["parent_group"] for r in q6} == {"WP1/13"}
    assert [r["role"] for r in q6] == ["rapporteur", "associate_rapporteur", "rapporteur"]
    assert q6[0]["person"] == "Maria Muster" and q6[0]["country"] == "CN"
    delegate = q6[2]
    assert (delegate["role_raw"], delegate["role_derived"]) == (None, True)
    assert (delegate["organization"], delegate["country"]) == (None, "VN")
    assert records[1]["role_derived"] is False


@pytest.mark.parametrize(
    ("label", "sg", "expected"),
    [("Q6/13 (WP1/13)", "SG13", ("Q6/13", "WP1/13")), ("Q1/13 (PLEN)", "SG13", ("Q1/13", "SG13")),
     ("Q 12 / 17 ( WP 3 / 17 )", "SG17", ("Q12/17", "WP3/17")),
     ("Q2/TSAG (PLEN)", "TSAG", ("Q2/TSAG", "TSAG")), ("Q2/TSAG (PLEN)", None, ("Q2/TSAG", "TSAG"))],
)  # fmt: skip
def test_parse_qwp(label, sg, expected):
    assert parse_qwp(label, sg) == expected


def test_parse_qwp_without_url_group_uses_the_question_suffix():
    assert parse_qwp("Q1/13 (PLEN)", None) == ("Q1/13", "SG13")
    with pytest.raises(LayoutChanged):
        parse_qwp("Question one", "SG13")


def test_renamed_ids_are_a_layout_change():
    with pytest.raises(LayoutChanged):
        _parse("renamed_ids.html", SG13_URL)


def test_rapporteur_before_any_question_is_a_layout_change():
    html = f"""<table><tr><td><span id="{P}lblFName_0">A</span><span id="{P}lblLName_0">B</span></td></tr>
      <tr><td><span id="{P}lblQWP_1">Q6/13 (WP1/13)</span></td></tr></table>"""
    with pytest.raises(LayoutChanged):
        parse(html, SG13_URL)


def test_questions_without_any_rapporteur_are_no_roster():
    html = f"""<table><tr><td><span id="{P}lblQWP_0">Q6/13 (WP1/13)</span>
      <span id="{P}lblQuestion_0">Title</span></td></tr>
      <tr><td><span id="{P}lblFName_0"></span><span id="{P}lblLName_0"></span></td></tr></table>"""
    with pytest.raises(NoRosterFound):
        parse(html, SG13_URL)


def test_error_page():
    html = "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1></body></html>"
    with pytest.raises(ErrorPage):
        parse(html, SG13_URL)

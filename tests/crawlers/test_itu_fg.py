"""ITU-T focus-group pages, label-driven (reconstructed fixtures, SOURCES.md 1.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import ErrorPage, NoRosterFound
from crawlers.parsers.itu_fg import (
    PARSER_VERSION,
    focus_group_for_url,
    load_focus_groups,
    parse,
    split_names,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "itu" / "itu_fg"
FG_URL = "https://www.itu.int/en/ITU-T/focusgroups/{}/Pages/{}"
AI4H_URL = FG_URL.format("ai4h", "default.aspx")
AN_URL = FG_URL.format("an", "default.aspx")


def _parse(name: str, url: str) -> list[dict]:
    return parse((FIXTURES / name).read_bytes(), url)


def _people(records: list[dict], group: str, role: str) -> list[str]:
    return [r["person"] for r in records if r["group"] == group and r["role"] == role]


def test_parser_version():
    assert PARSER_VERSION == "1"


def test_chair_and_vice_chairs_from_a_label_table():
    records = _parse("ai4h_default.html", AI4H_URL)
    assert len(records) == 5
    chair = records[0]
    assert (chair["group"], chair["role"], chair["role_raw"]) == ("FG-AI4H", "chair", "Chairman")
    assert (chair["person"], chair["person_raw"]) == ("Thomas Wiegand", "Prof. Thomas Wiegand")
    assert (chair["organization"], chair["country"]) == ("Fraunhofer HHI / TU Berlin", "DE")
    assert (chair["parent_group"], chair["group_name"]) == ("SG16", "Focus Group on AI for Health")
    assert chair["body"] == "ITU-T" and chair["source_url"] == AI4H_URL
    assert _people(records, "FG-AI4H", "vice_chair") == [
        "Ramesh S. Krishnamurthy",
        "Marcel Salathé",
        "Min Dong",
    ]
    who = records[1]
    assert (who["organization"], who["country"]) == ("WHO", None)  # no country printed


def test_sub_group_co_chair():
    records = _parse("ai4h_default.html", AI4H_URL)
    ahg = records[-1]
    assert ahg["group"] == "FG-AI4H/AHG-digital technologies for COVID health emergency"
    assert ahg["group_name"] == "Ad-hoc group on digital technologies for COVID health emergency"
    assert (ahg["role"], ahg["parent_group"], ahg["focus_group"]) == (
        "wg_chair",
        "FG-AI4H",
        "FG-AI4H",
    )
    assert (ahg["person"], ahg["organization"], ahg["country"]) == ("Xu Shan", "CAICT", "CN")


def test_navigation_secretariat_and_prose_are_not_officers():
    records = _parse("ai4h_default.html", AI4H_URL)
    assert not any("Placeholder" in (r["person"] or "") for r in records)
    assert not any("report" in (r["role_raw"] or "").lower() for r in records)


def test_heading_with_list_and_working_group_paragraphs():
    records = _parse("an_default.html", AN_URL)
    assert len(records) == 7
    assert _people(records, "FG-AN", "vice_chair") == ["Xu Dan", "Cao Xi"]
    assert _people(records, "FG-AN/WG1", "wg_chair") == ["Liu Yongsheng"]
    wg2 = [r for r in records if r["group"] == "FG-AN/WG2"]
    assert [(r["person"], r["organization"], r["country"]) for r in wg2] == [
        ("Sun Qi", "O-RAN Alliance", None),
        ("Song Xiaojia", "China Mobile", "CN"),
        ("Paul Harvey", "University of Glasgow", "GB"),
    ]
    assert {r["role"] for r in wg2} == {"wg_chair"}
    assert wg2[0]["role_raw"] == "WG2 Co-chairs"
    assert _people(records, "FG-AN/WG3", "wg_chair") == ["Yuan Liya"]
    wg1 = next(r for r in records if r["group"] == "FG-AN/WG1")
    assert wg1["group_name"] == "Working Group 1 (Use cases and requirements analysis)"


def test_terms_of_reference_without_officers_is_no_roster():
    with pytest.raises(NoRosterFound):
        _parse("ai4ee_tor.html", FG_URL.format("ai4ee", "ToR.aspx"))


def test_error_page():
    with pytest.raises(ErrorPage):
        _parse("page_not_found.html", FG_URL.format("ai4h", "management.aspx"))


def test_inline_labels_co_chairs_vice_chairs_and_separators():
    html = """<html><body>
      <p>Co-chairs: Mr. Vasily DOLMATOV (Russia) and Mr. Gokhan EVREN (Turkey)</p>
      <p>Vice-chairs: Ms A One (Org A, Japan); Mr B Two, Org B, Switzerland</p>
      <p>Chairman: to be appointed</p>
      <p>The Focus Group meets twice a year.</p>
    </body></html>"""
    records = parse(html, FG_URL.format("ai4a", "default.aspx"))
    assert {r["group"] for r in records} == {"FG-AI4A"}
    assert [(r["person"], r["role"], r["country"]) for r in records] == [
        ("Vasily DOLMATOV", "co_chair", "RU"),
        ("Gokhan EVREN", "co_chair", "TR"),
        ("A One", "vice_chair", "JP"),
        ("B Two", "vice_chair", "CH"),
    ]
    assert records[0]["organization"] is None
    assert records[3]["organization"] == "Org B"


def test_unknown_slug_gets_a_derived_acronym():
    html = "<p>Chair: Ms Example Person (Example Org, France)</p>"
    (record,) = parse(html, FG_URL.format("xyz9", "default.aspx"))
    assert (record["group"], record["fg_known"], record["parent_group"]) == ("FG-XYZ9", False, None)


def test_not_a_focus_group_url():
    with pytest.raises(ValueError):
        parse(
            "<p>Chair: Mr X (Y, France)</p>",
            "https://www.itu.int/en/ITU-T/studygroups/Pages/x.aspx",
        )


@pytest.mark.parametrize(
    ("text", "names"),
    [("Mr. Vasily DOLMATOV (Russia) and Mr. Gokhan EVREN (Turkey)",
      ["Mr. Vasily DOLMATOV (Russia)", "Mr. Gokhan EVREN (Turkey)"]),
     ("Mr Leo Lehmann, OFCOM, Switzerland", ["Mr Leo Lehmann, OFCOM, Switzerland"]),
     ("Leo Lehmann, OFCOM, Switzerland", ["Leo Lehmann, OFCOM, Switzerland"]),
     ("Mr A, Ministry of Science and ICT, Korea (Rep. of)", ["Mr A, Ministry of Science and ICT, Korea (Rep. of)"]),
     ("Xu Dan and Cao Xi", ["Xu Dan", "Cao Xi"]),
     ("Ms A; Mr B (X, Y and Z, China), Dr C", ["Ms A", "Mr B (X, Y and Z, China)", "Dr C"])],
)  # fmt: skip
def test_split_names(text, names):
    assert split_names(text) == names


def test_focus_group_config():
    rows = {r["acronym"]: r for r in load_focus_groups()}
    for acronym in ("FG-AI4H", "FG-AI4EE", "FG-AI4NDM", "FG-AI4AD", "FG-ML5G", "FG-QIT4N",
                    "FG-AN", "FG-AINN", "FG-AI4A", "FG-NET2030"):  # fmt: skip
        assert acronym in rows
    assert rows["FG-AI4H"]["url_slug"] == "ai4h" and rows["FG-AI4H"]["parent_group"] == "SG16"
    assert rows["FG-AI4H"]["ai"] is True and rows["FG-NET2030"]["ai"] is False
    assert rows["FG-AINN"]["closed"] is None
    for row in rows.values():
        assert row["established"] and len(row["established"]) == 7
        assert row["acronym"] == "FG-" + row["url_slug"].upper()
    assert focus_group_for_url(FG_URL.format("AI4EE", "ToR.aspx"))["acronym"] == "FG-AI4EE"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_xslt_lines_equal_the_python_text_lines(name):
    # The focus-group parser renders lines with XSLT for speed; html.text_lines is the reference.
    from crawlers.parsers import itu_fg
    from crawlers.parsers.html import parse_html, text_lines

    doc = parse_html((FIXTURES / name).read_bytes())
    body = doc.find("body")
    expected = text_lines(doc if body is None else body, itu_fg._BLOCKS, itu_fg._SKIP)
    assert itu_fg._text_lines(doc) == expected


def test_xslt_lines_on_awkward_markup():
    from crawlers.parsers import itu_fg
    from crawlers.parsers.html import parse_html, text_lines

    page = (
        "<html><body><div>Chair:<br>Mr A (X, Y)<template>hidden<br>x</template>"
        "<script>var a = 1;</script><!-- note --><p>Vice-chairs: <b>Ms B</b> and Dr C</p>"
        "<nav>Home</nav>tail<ruby>漢<rt>kan</rt></ruby> Zoë\u00a0Ünal</div></body></html>"
    )
    doc = parse_html(page)
    assert itu_fg._text_lines(doc) == text_lines(doc.find("body"), itu_fg._BLOCKS, itu_fg._SKIP)

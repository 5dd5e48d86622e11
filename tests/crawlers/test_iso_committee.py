"""iso.org committee page parser, on RECONSTRUCTED fixtures (SOURCES.md 2.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers import iso_committee, labelled
from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.html import parse_html
from crawlers.parsers.iso_committee import parse, parse_children
from crawlers.parsers.labelled import split_person

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "iso" / "iso_committee"


def load(name: str) -> bytes:
    return (FIX / name).read_bytes()


def by_role(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for rec in records:
        out.setdefault(rec["role"], []).append(rec)
    return out


def test_every_fixture_says_it_is_reconstructed():
    for path in FIX.glob("*.html"):
        head = path.read_text(encoding="utf-8")[:300]
        assert head.startswith("<!-- RECONSTRUCTED"), path.name
        assert "SOURCES.md" in path.read_text(encoding="utf-8")[:1200], path.name


def test_tc12_chair_manager_secretariat_and_staff():
    url = "https://www.iso.org/committee/46202.html"
    records = parse(load("tc12_chair_until_2027.html"), url)
    roles = by_role(records)
    assert [r["role"] for r in records] == ["secretariat", "secretary", "chair", "staff", "staff"]
    sec = roles["secretariat"][0]
    assert sec["group"] == "ISO/TC 12"
    assert sec["person"] is None
    assert sec["member_body"] == "SIS" and sec["organization"] == "SIS"
    assert sec["country"] is None  # the importer maps member bodies; nothing printed here
    assert sec["iso_member_id"] == 2101
    chair = roles["chair"][0]
    assert chair["person"] == "Torgny Carlsson"
    assert chair["person_raw"] == "Mr Torgny Carlsson"
    assert chair["role_raw"] == "Chairperson (until end 2027)"
    assert chair["term_end"] == "2027"
    manager = roles["secretary"][0]
    assert (manager["person"], manager["role_raw"]) == ("Rebecca Cederholm", "Committee Manager")
    staff = {r["person"]: r for r in roles["staff"]}
    assert set(staff) == {"Mercè Ferrés Hernández", "Vincenzo Bazzucchi"}
    assert all(r["is_staff"] is True for r in staff.values())
    assert "is_staff" not in chair
    for rec in records:
        assert rec["kind"] == "post" and rec["body"] == "ISO"
        assert rec["group_name"] == "Quantities and units"
        assert rec["created"] == "1947"
        assert rec["iso_id"] == 46202
        assert rec["source_url"] == url
        assert "parent_group" not in rec


def test_jtc1_sc42_definition_list_layout():
    records = parse(load("jtc1_sc42.html"), "https://www.iso.org/committee/6794475.html")
    roles = by_role(records)
    assert len(records) == 3
    assert roles["secretariat"][0]["member_body"] == "ANSI"
    assert roles["secretariat"][0]["iso_member_id"] == 2188
    assert roles["chair"][0]["person"] == "Wael William Diab"
    assert "term_end" not in roles["chair"][0]
    assert roles["secretary"][0]["person"] == "Heather Benko"
    assert {r["group"] for r in records} == {"ISO/IEC JTC 1/SC 42"}
    assert {r["parent_group"] for r in records} == {"ISO/IEC JTC 1"}
    assert {r["group_name"] for r in records} == {"Artificial intelligence"}
    assert {r["created"] for r in records} == {"2017"}


def test_committee_without_chair_still_gives_secretariat_and_manager():
    records = parse(load("tc307_no_chair.html"), "https://www.iso.org/committee/6266604.html")
    assert [(r["role"], r["person"], r["organization"]) for r in records] == [
        ("secretariat", None, "SA"),
        ("secretary", "Anna Example", None),
    ]
    assert records[0]["group"] == "ISO/TC 307"


def test_chair_elect_beside_chair_table_layout():
    records = parse(load("tc176_chair_elect.html"), "https://www.iso.org/committee/53882.html")
    roles = by_role(records)
    chair, elect = roles["chair"][0], roles["chair_elect"][0]
    assert chair["person"] == "Maria Placeholder"  # "Prof. Dr." stripped
    assert chair["person_raw"] == "Prof. Dr. Maria Placeholder"
    assert chair["term_end"] == "2025"
    assert elect["person"] == "Lea Example"
    assert elect["role_raw"] == "Chairperson-elect (from 2026)"
    assert elect["term_start"] == "2026"
    assert "term_end" not in elect
    assert roles["secretariat"][0]["iso_member_id"] == 1619


def _chairs(records: list[dict]) -> set[tuple]:
    return {(r["role"], r["person"]) for r in records if r["role"].startswith("chair")}


def _others(records: list[dict]) -> set[tuple]:
    return {
        (r["role"], r["person"], r["organization"])
        for r in records
        if not r["role"].startswith("chair")
    }


def test_replay_pair_chair_changes():
    url = "https://www.iso.org/committee/46506.html"
    before = parse(load("tc20_sc1_2025-01.html"), url)
    after = parse(load("tc20_sc1_2026-01.html"), url)
    assert _chairs(before) == {("chair", "Chen Example"), ("chair_elect", "Liu Sample")}
    assert _chairs(after) == {("chair", "Liu Sample")}
    assert [r for r in after if r["role"] == "chair"][0]["term_end"] == "2028"
    expected = {("secretariat", None, "SAC"), ("secretary", "Wang Placeholder", None)}
    assert _others(before) == _others(after) == expected
    assert {r["parent_group"] for r in before + after} == {"ISO/TC 20"}


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("fr_tc176.html", "https://www.iso.org/fr/committee/53882.html"),
        ("fr_tc176.html", "https://www.iso.org/committee/53882.html"),  # lang="fr" alone
        (
            "es_mirror_presidents_committee.html",
            "https://kebs.isolutions.iso.org/es/sites/isoorg/contents/data/committee/48/82/4882535.html",
        ),
    ],
)
def test_non_english_pages_are_refused(name, url):
    with pytest.raises(LayoutChanged, match="non-English page"):
        parse(load(name), url)


def test_translated_labels_refused_even_without_lang_marker():
    html = """<html><head><title>ISO - ISO/TC 176 - Qualité</title></head><body>
    <ul><li><strong>Secrétariat :</strong> SCC</li><li><strong>Président(e) :</strong> M. X</li></ul>
    </body></html>"""
    with pytest.raises(LayoutChanged, match="non-English page"):
        parse(html, "https://www.iso.org/committee/53882.html")


def test_error_page():
    with pytest.raises(ErrorPage):
        parse(load("error_404.html"), "https://www.iso.org/committee/99999999.html")
    with pytest.raises(ErrorPage):
        parse(b"", "https://www.iso.org/committee/1.html")


def test_changed_layout():
    with pytest.raises(LayoutChanged, match="no committee reference"):
        parse(load("layout_changed.html"), "https://www.iso.org/committee/46202.html")


def test_page_without_officer_labels():
    with pytest.raises(NoRosterFound, match="ISO/TC 211"):
        parse(load("no_officers.html"), "https://www.iso.org/committee/54904.html")


def test_label_on_own_line_value_after_br_and_vacancy_and_prose():
    # Governance-page shape seen as text: "• Secretary: Mr … • Chairperson: Mr … • Creation date: 1998".
    html = """<html lang="en-GB"><head><title>ISO - ISO/TC 999 - Example committee</title></head>
    <body><h1>ISO/TC 999</h1><ul>
      <li><span>Secretary:</span><br>Mr Sam Placeholder</li>
      <li><span>Chairperson:</span> Ms Kim Example (until end 2026)</li>
      <li>Chairperson-elect: vacant</li>
      <li>ISO Technical Programme Manager : Mr Lee Sample</li>
      <li>Creation date: 1998-05-01</li></ul>
      <p>Secretariat of this committee rotates between members every six years.</p>
    </body></html>"""
    records = parse(html, "https://www.iso.org/committee/999999.html")
    assert [(r["role"], r["person"]) for r in records] == [
        ("secretary", "Sam Placeholder"),
        ("chair", "Kim Example"),
        ("staff", "Lee Sample"),
    ]
    assert records[1]["term_end"] == "2026"
    assert records[0]["created"] == "1998-05-01"
    assert records[0]["group_name"] == "Example committee"


def test_secretariat_with_printed_country_and_duplicates_dropped():
    html = """<html><head><title>ISO - ISO/TC 998 - Example</title></head><body>
    <p>Secretariat: <a href="/member/2188.html">ANSI (United States)</a></p>
    <aside><p>Secretariat: <a href="/member/2188.html">ANSI (United States)</a></p></aside>
    </body></html>"""
    records = parse(html, "https://www.iso.org/committee/998.html")
    assert len(records) == 1
    assert records[0]["member_body"] == "ANSI"
    assert records[0]["country"] == "US" and records[0]["country_raw"] == "United States"


def test_split_person_titles_and_parentheses():
    assert split_person("Prof. Dr. Jane Example (until end 2027)") == (
        "Jane Example",
        {"term_end": "2027"},
    )
    assert split_person("Mr John Sample (Japan)") == (
        "John Sample",
        {"country": "JP", "country_raw": "Japan"},
    )
    assert split_person("Drew Example") == ("Drew Example", {})  # "Dr" only as a whole word


def test_iso_id_from_url_forms():
    assert iso_committee.iso_id("https://www.iso.org/committee/6794475.html") == 6794475
    assert (
        iso_committee.iso_id("https://www.iso.org/committee/45020.html?view=participation") == 45020
    )
    mirror = (
        "https://kebs.isolutions.iso.org/es/sites/isoorg/contents/data/committee/48/82/4882535.html"
    )
    assert iso_committee.iso_id(mirror) == 4882535


def test_parse_children_lists_subcommittees():
    url = "https://www.iso.org/committee/46484.html"
    children = parse_children(load("tc20_children.html"), url)
    assert [c["group"] for c in children] == [
        "ISO/TC 20/SC 1",
        "ISO/TC 20/SC 4",
        "ISO/TC 20/SC 14",
        "ISO/TC 20/SC 18",
    ]
    assert children[0] == {
        "kind": "group",
        "body": "ISO",
        "group": "ISO/TC 20/SC 1",
        "group_name": "Aerospace electrical requirements",
        "parent_group": "ISO/TC 20",
        "iso_id": 46506,
        "source_url": url,
    }
    # The same page still parses as a roster.
    assert {r["role"] for r in parse(load("tc20_children.html"), url)} == {
        "secretariat",
        "secretary",
        "chair",
    }


def test_parse_children_empty_without_table():
    assert (
        parse_children(load("jtc1_sc42.html"), "https://www.iso.org/committee/6794475.html") == []
    )


def test_parser_version():
    assert iso_committee.PARSER_VERSION == "2"


def test_bare_heading_followed_by_prose_is_not_an_officer():
    html = """<html><head><title>ISO - ISO/TC 997 - Example</title></head><body>
    <h3>Secretariat</h3>
    <p>The secretariat of this committee is allocated by the Technical Management Board to a
       member body that has the resources to run it, after consultation of all the P-members
       of the committee and a vote.</p></body></html>"""
    with pytest.raises(NoRosterFound):
        parse(html, "https://www.iso.org/committee/997.html")


def test_labels_without_colon_read_like_colon_labels():
    # <strong>/<b> labels with the value after them, <th> and <dt> label cells, no colons.
    url = "https://www.iso.org/committee/46202.html"
    records = parse(load("bold_labels_no_colon.html"), url)
    assert records == parse(load("tc12_chair_until_2027.html"), url)
    roles = by_role(records)
    assert roles["secretariat"][0]["organization"] == "SIS"
    assert roles["secretariat"][0]["iso_member_id"] == 2101
    assert roles["secretariat"][0]["role_raw"] == "Secretariat"
    chair = roles["chair"][0]
    assert chair["person_raw"] == "Mr Torgny Carlsson"  # <b>Torgny</b> inside the value
    assert chair["role_raw"] == "Chairperson (until end 2027)"
    assert chair["term_end"] == "2027"
    assert roles["secretary"][0]["person"] == "Rebecca Cederholm"
    assert {r["person"] for r in roles["staff"]} == {"Mercè Ferrés Hernández", "Vincenzo Bazzucchi"}
    assert {r["created"] for r in records} == {"1947"}  # <dt> without colon


def test_label_elements_without_colon_inline_page():
    html = """<html lang="en"><head><title>ISO - ISO/TC 996 - Example</title></head><body>
    <p><strong>Secretariat</strong> <a href="/member/2188.html">ANSI</a></p>
    <p><label>Committee Manager</label>Ms <b>Pat</b> Example</p>
    <table><tr><th>Chairperson</th><td>Mr Sam <strong>Placeholder</strong></td></tr>
      <tr><td><b>Chairperson-elect</b> (from 2027) Dr Lea Example</td></tr></table>
    <dl><dt>ISO Technical Programme Manager</dt><dd>Ms Kim Sample</dd></dl>
    </body></html>"""
    records = parse(html, "https://www.iso.org/committee/996.html")
    assert [(r["role"], r["role_raw"], r["person"], r["organization"]) for r in records] == [
        ("secretariat", "Secretariat", None, "ANSI"),
        ("secretary", "Committee Manager", "Pat Example", None),
        ("chair", "Chairperson", "Sam Placeholder", None),
        ("chair_elect", "Chairperson-elect (from 2027)", "Lea Example", None),
        ("staff", "ISO Technical Programme Manager", "Kim Sample", None),
    ]
    assert records[0]["iso_member_id"] == 2188
    assert records[1]["person_raw"] == "Ms Pat Example"
    assert records[3]["term_start"] == "2027"


def test_bold_inside_value_or_prose_is_no_separator():
    html = """<html lang="en"><head><title>ISO - ISO/TC 995 - Example</title></head><body>
    <p><strong>Secretary:</strong> Mr <b>Sam</b>Placeholder</p>
    <p><strong>Chairperson</strong> (until end 2026): Ms <b>Kim</b> Example</p>
    <p>Chairperson (until <b>2030</b>) to be elected by the members</p>
    <p><b>Chairs</b> of the working groups are listed below.</p>
    <p>Secretariat of this <strong>committee</strong> rotates every six years.</p>
    <p><b>Secretariat</b> of this committee is held by a member body.</p>
    <p><strong>Committee Manager</strong> is appointed by the secretariat.</p>
    </body></html>"""
    records = parse(html, "https://www.iso.org/committee/995.html")
    assert [(r["role_raw"], r["person_raw"], r["person"]) for r in records] == [
        ("Secretary", "Mr Sam Placeholder", "Sam Placeholder"),
        ("Chairperson (until end 2026)", "Ms Kim Example", "Kim Example"),
    ]
    assert records[1]["term_end"] == "2026"


def test_bold_label_then_vacant_is_a_vacancy():
    html = """<html lang="en"><head><title>ISO - ISO/TC 995 - Example</title></head><body>
    <p><strong>Secretariat</strong> SIS</p>
    <p><strong>Chairperson</strong> vacant</p>
    </body></html>"""
    hits = labelled.find_labelled(labelled.page_lines(parse_html(html)), iso_committee.LABELS)
    assert [(h.key, h.value) for h in hits] == [("secretariat", "SIS"), ("chair", "vacant")]


def test_page_lines_record_label_ends_without_a_marker_in_the_text():
    root = parse_html(
        "<html><body><p><strong>Secretariat</strong> SIS</p><p>Mr <b>Zoë</b> Ünal</p>"
        "<dl><dt>Creation date</dt><dd>1947</dd></dl></body></html>"
    )
    lines = labelled.page_lines(root)
    assert [(line.text, line.label_ends) for line in lines] == [
        ("Secretariat SIS", [11]),
        ("Mr Zoë Ünal", [6]),
        ("Creation date", []),  # the <dt> ends its line: nothing can follow it there
        ("1947", []),
    ]
    assert not any(labelled.MARK in line.text for line in lines)
    hits = labelled.find_labelled(lines, iso_committee.LABELS)
    assert [(h.key, h.label, h.value) for h in hits] == [
        ("secretariat", "Secretariat", "SIS"),
        ("created", "Creation date", "1947"),
    ]

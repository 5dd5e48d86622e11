"""ITU-T mgmt.aspx management teams (reconstructed fixtures, SOURCES.md 1.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import ErrorPage, LayoutChanged, NoRosterFound
from crawlers.parsers.itu_mgmt import PARSER_VERSION, parse
from crawlers.parsers.itu_periods import mgmt_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "itu" / "itu_mgmt"
SG17_URL = mgmt_url("SG17", 16)
SG13_URL = mgmt_url("SG13", 17)


def _parse(name: str, url: str) -> list[dict]:
    return parse((FIXTURES / name).read_bytes(), url)


def _by_person(records: list[dict], person: str, group: str | None = None) -> dict:
    hits = [r for r in records if r["person"] == person and (group is None or r["group"] == group)]
    assert len(hits) == 1, hits
    return hits[0]


def test_parser_version():
    assert PARSER_VERSION == "1"


def test_every_table_on_the_page_is_read():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    assert len(records) == 13  # 1 SG chair + 9 WP officers (DataList) + 3 TSB staff
    assert [r["group"] for r in records].count("SG17") == 4
    assert {r["group"] for r in records} == {"SG17", "WP1/17", "WP2/17", "WP3/17", "WP4/17"}
    assert all(r["kind"] == "post" and r["body"] == "ITU-T" for r in records)
    assert all(r["period"] == "2017-2020" and r["source_url"] == SG17_URL for r in records)


def test_sg_chair():
    chair = _by_person(_parse("sg17_2017-2020.html", SG17_URL), "Heung Youl Youm")
    assert chair["group"] == "SG17"
    assert (chair["role"], chair["role_raw"]) == ("chair", "Chairman")
    assert chair["organization"] == "Soonchunhyang University"
    assert (chair["country"], chair["country_raw"]) == ("KR", "Korea (Rep. of)")
    assert chair["parent_group"] is None
    assert chair["is_staff"] is False


def test_wp_rows_become_wp_posts():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    miyake = _by_person(records, "Yutaka Miyake")
    assert (miyake["group"], miyake["parent_group"]) == ("WP1/17", "SG17")
    assert (miyake["role"], miyake["role_raw"]) == ("wg_chair", "Chairman")
    assert (miyake["organization"], miyake["country"]) == ("KDDI", "JP")
    furey = _by_person(records, "Inette Furey")
    assert (furey["group"], furey["role"], furey["country"]) == ("WP2/17", "wg_vice_chair", "US")
    wp4 = [r for r in records if r["group"] == "WP4/17"]
    assert [(r["person"], r["role"]) for r in wp4] == [
        ("Kepeng Li", "wg_chair"),
        ("Jae Hoon Nah", "wg_vice_chair"),
    ]


def test_government_delegates_have_no_organisation_but_a_country():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    dolmatov = _by_person(records, "Vasily Dolmatov")
    assert dolmatov["organization"] is None
    assert (dolmatov["country"], dolmatov["country_raw"]) == ("RU", "Russian Federation")
    evren = _by_person(records, "Gokhan Evren")
    assert (evren["organization"], evren["country"]) == (None, "TR")


def test_tsb_rows_are_staff():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    staff = [r for r in records if r["is_staff"]]
    assert [r["role_raw"] for r in staff] == ["Counsellor", "TSB Project Officer", "Assistant"]
    assert all(r["role"] == "staff" and r["group"] == "SG17" for r in staff)
    counsellor = staff[0]
    assert counsellor["subrole"] == "SG17 Secretariat"
    assert counsellor["address"] == "Place des Nations\nCH-1211 Geneva 20\nSwitzerland"
    assert counsellor["country"] == "CH"
    assert not any(r["is_staff"] for r in records if r["role"] != "staff")


def test_phones_and_emails_are_not_read():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    values = " ".join(str(v) for r in records for v in r.values())
    assert "+00" not in values and "[at]" not in values and "example.org" not in values


def test_page_level_title_span_is_not_a_row():
    records = _parse("sg17_2017-2020.html", SG17_URL)
    assert "Management team" not in {r["role_raw"] for r in records}


def test_old_style_ids_in_one_table_with_sg_and_wp_rows():
    records = _parse("sg13_2023-07.html", SG13_URL)
    assert len(records) == 9
    chair = _by_person(records, "Kazunori Tanikawa")
    assert (chair["group"], chair["role"], chair["organization"], chair["country"]) == (
        "SG13",
        "chair",
        "NICT",
        "JP",
    )
    assert chair["period"] == "2022-2024"
    vcs = [r["person"] for r in records if r["group"] == "SG13" and r["role"] == "vice_chair"]
    assert vcs == ["Amina Diallo", "Carlos Mendes", "Wei Zhang"]
    diallo_wp = _by_person(records, "Amina Diallo", "WP2/13")
    assert (diallo_wp["role"], diallo_wp["organization"], diallo_wp["country"]) == (
        "wg_chair",
        None,
        "SN",
    )
    mendes = _by_person(records, "Carlos Mendes", "SG13")
    assert mendes["address"] == "Rua Exemplo 100\nBrasilia\nBrazil"
    assert mendes["country_raw"] == "Brazil"


def test_two_dates_differ_by_one_vice_chair():
    def posts(name):
        return {
            (r["group"], r["role"], r["person"], r["organization"], r["country"])
            for r in _parse(name, SG13_URL)
        }

    before, after = posts("sg13_2023-07.html"), posts("sg13_2024-01.html")
    assert before - after == {
        ("SG13", "vice_chair", "Wei Zhang", "Example Telecom Research Institute", "CN")
    }
    assert after - before == {("SG13", "vice_chair", "Na Li", "Example Mobile Co.", "CN")}


def test_server_error_page():
    with pytest.raises(ErrorPage):
        _parse("server_error.html", mgmt_url("SG13", 18))


def test_renamed_ids_are_a_layout_change():
    with pytest.raises(LayoutChanged):
        _parse("renamed_ids.html", mgmt_url("SG13", 18))


def test_spans_without_names_are_no_roster():
    with pytest.raises(NoRosterFound):
        _parse("empty_rows.html", mgmt_url("SG21", 18))


def test_url_without_group_is_refused():
    body = (FIXTURES / "sg13_2023-07.html").read_bytes()
    with pytest.raises(ValueError):
        parse(body, "https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Period=17")


def test_tsag_wp_rows_and_wayback_url():
    html = """<html><body><table>
      <tr><td><span id="gv_lblFName_0">Ana</span> <span id="gv_lblLName_0">Example</span>
        <span id="gv_lblWP_0">WP1/TSAG</span><span id="gv_lblTitle_0">Co-Chair</span>
        <span id="gv_lblCompany_0">Example Org</span><span id="gv_lblAddress_0">Spain</span></td></tr>
      <tr><td><span id="gv_lblFName_1">Bo</span> <span id="gv_lblLName_1">Example</span>
        <span id="gv_lblWP_1"></span><span id="gv_lblTitle_1">Vice-Chair</span>
        <span id="gv_lblCompany_1"></span><span id="gv_lblAddress_1">Narnia</span></td></tr>
    </table></body></html>"""
    url = "https://web.archive.org/web/2025id_/https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Group=tsag&Period=18"
    wp, vc = parse(html, url)
    assert (wp["group"], wp["parent_group"], wp["role"]) == ("WP1/TSAG", "TSAG", "wg_chair")
    assert (vc["group"], vc["role"], vc["period"]) == ("TSAG", "vice_chair", "2025-2028")
    assert (vc["country"], vc["country_raw"]) == (None, "Narnia")  # never guessed

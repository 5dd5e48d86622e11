"""3GPP election news pages (the RAN 2023 sentence is real text; the pages are reconstructed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parsers.common import NoRosterFound
from crawlers.parsers.tgpp_election import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "3gpp" / "tgpp_election"
NEWS = "https://www.3gpp.org/news-events/3gpp-news/"


def _parse(name: str, slug: str) -> list[dict]:
    return parse((FIXTURES / name).read_bytes(), NEWS + slug)


def _by_person(records: list[dict]) -> dict[str, dict]:
    return {r["person"]: r for r in records}


def test_ran_2023_sentence():
    records = _parse("tsg_ran_election_2023.html", "tsg-ran-election")
    assert [r["person"] for r in records] == [
        "Wanshi CHEN",
        "Ronald BORSATO",
        "Nan HU",
        "Axel KLATT",
    ]
    chen = records[0]
    assert chen["role"] == "chair" and chen["role_raw"] == "Chair"
    assert chen["organization"] == "Qualcomm Incorporated"
    assert chen["partner_org"] == "ATIS"
    assert chen["term"] == 2 and chen["reelected"] is True
    assert chen["elected_on"] == "2023-03-20"
    assert chen["group"] == "RAN" and chen["group_raw"] == "RAN"
    assert chen["country"] is None and chen["body"] == "3GPP"
    vcs = records[1:]
    assert {r["role"] for r in vcs} == {"vice_chair"}
    assert {r["term"] for r in vcs} == {2}
    assert {r["elected_on"] for r in vcs} == {"2023-03-20"}
    klatt = _by_person(records)["Axel KLATT"]
    assert (klatt["organization"], klatt["partner_org"]) == ("Deutsche Telekom AG", "ETSI")
    assert _by_person(records)["Ronald BORSATO"]["organization"] == "AT&T"


def test_ct_2023_commas_in_company_and_mixed_reelection():
    records = _parse("tsg_ct_election_2023.html", "tsg-ct-election")
    people = _by_person(records)
    assert list(people) == ["Peter SCHMITT", "Atle MONRAD", "ChenHo CHIN", "Biao LONG"]
    schmitt = people["Peter SCHMITT"]
    assert schmitt["role"] == "chair" and schmitt["group"] == "CT"
    assert schmitt["organization"] == "Huawei Technologies Co., Ltd"
    assert schmitt["partner_org"] == "CCSA"
    assert (
        people["ChenHo CHIN"]["organization"]
        == "Guangdong OPPO Mobile Telecommunications Corp.,Ltd."
    )
    assert people["Atle MONRAD"]["reelected"] is True
    assert people["Biao LONG"]["reelected"] is False
    assert {r["term"] for r in records} == {None}  # never derived, only read
    assert {r["elected_on"] for r in records} == {"2023-03-21"}


def test_older_name_company_partner_block():
    records = _parse("new_ran_chairman_2009.html", "new-ran-chairman-elected")
    people = _by_person(records)
    assert list(people) == ["Takehiro NAKAMURA", "Marc GRANT", "Han VAN BUSSEL", "Hai TANG"]
    chair = people["Takehiro NAKAMURA"]
    assert chair["role"] == "chair"
    assert (chair["organization"], chair["partner_org"]) == ("NTT DoCoMo Inc.", None)
    assert chair["elected_on"] == "2009-03-03"
    grant = people["Marc GRANT"]
    assert grant["role"] == "vice_chair" and grant["group"] == "RAN"
    assert (grant["organization"], grant["partner_org"]) == ("AT&T", "ATIS")
    assert grant["person_raw"] == "Mr Marc GRANT"
    assert grant["elected_on"] is None and grant["elected_on_raw"] == "3-4 March 2009"
    assert grant["name_split_heuristic"] is True
    van_bussel = people["Han VAN BUSSEL"]
    assert van_bussel["organization"] == "T-Mobile International AG"
    assert van_bussel["partner_org"] == "ETSI"


def test_table_form_of_the_older_block_splits_by_cells():
    html = (
        "<h1>Election news</h1><p>Vice Chairman of TSG SA elected on 22 March 2011</p>"
        "<table><tr><td>Name</td><td>Company / Partner</td></tr>"
        "<tr><td>Ms Jane EXAMPLE SMITH</td><td>NTT Example Corp. / ARIB</td></tr></table>"
    )
    (rec,) = parse(html, NEWS + "sa-election")
    assert rec["person"] == "Jane EXAMPLE SMITH"
    assert rec["organization"] == "NTT Example Corp."  # all-caps company kept apart by the cell
    assert rec["partner_org"] == "ARIB"
    assert rec["role"] == "vice_chair" and rec["group"] == "SA"
    assert rec["elected_on"] == "2011-03-22"
    assert rec["name_split_heuristic"] is False


def test_working_group_term_in_words_and_group_from_url():
    html = (
        "<p>Jane DOE (Example Corp - TTA) was elected Vice Chair of SA WG2 for a second term "
        "on 18 May 2023.</p><p>John ROE (Example Inc. - ATIS) was elected Chair on 19.05.2023.</p>"
    )
    first, second = parse(html, NEWS + "ct-wg4-news")
    assert (first["group"], first["parent_group"], first["term"]) == ("SA2", "SA", 2)
    assert first["elected_on"] == "2023-05-18" and first["partner_org"] == "TTA"
    # no "of GROUP" in the sentence and no group in a heading: the URL slug decides
    assert second["group"] == "CT4" and second["group_raw"] == "ct wg4"
    assert second["role"] == "chair" and second["elected_on"] == "2023-05-19"


def test_page_without_election_sentence():
    html = "<h1>TSG RAN news</h1><p>The RAN plenary approved 12 new work items.</p>"
    with pytest.raises(NoRosterFound):
        parse(html, NEWS + "ran-news")


def test_verb_search_shortcut_equals_the_plain_regex_scan():
    # _verbs starts each search just before "elected"/"appointed" (a speed-up); it must find
    # exactly what _VERB.finditer finds, so a change to _VERB that breaks the shortcut fails here.
    from crawlers.parsers.html import get_text, parse_html
    from crawlers.parsers.tgpp_election import _VERB, _verbs

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "3gpp" / "tgpp_election"
    texts = [
        " ".join(get_text(parse_html(p.read_bytes()), " ").split())
        for p in sorted(fixtures.glob("*.html"))
    ]
    texts += [
        "Mr A (X - ETSI) has been re-elected Chairman of TSG RAN and Ms B (Y - ATIS) was "
        "appointed Vice-Chair; Dr C were elected Vice-Chairmen, elected elected appointed.",
        "Nobody was chosen.",
    ]
    for text in texts:
        assert [m.span() for m in _verbs(text)] == [m.span() for m in _VERB.finditer(text)]

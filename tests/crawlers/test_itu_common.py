"""ITU person strings, titles and error pages (SOURCES.md 1.1 "Names", section 6)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from crawlers.parsers.common import ErrorPage
from crawlers.parsers.itu_common import raise_if_error_page, split_person, strip_title


def test_bracketed_organisation_and_country():
    assert split_person("Mr. Yutaka MIYAKE (KDDI, Japan)") == {
        "person": "Yutaka MIYAKE",
        "person_raw": "Mr. Yutaka MIYAKE",
        "organization": "KDDI",
        "country": "JP",
        "country_raw": "Japan",
    }


def test_comma_separated_form():
    who = split_person("Mr Leo Lehmann, OFCOM, Switzerland")
    assert (who["person"], who["organization"], who["country"]) == ("Leo Lehmann", "OFCOM", "CH")


def test_government_delegate_has_a_country_only():
    who = split_person("Mr. Vasily DOLMATOV (Russia)")
    assert who["person"] == "Vasily DOLMATOV"
    assert who["organization"] is None
    assert (who["country"], who["country_raw"]) == ("RU", "Russia")


def test_name_only():
    who = split_person("Ms Xu Shan")
    assert who["person"] == "Xu Shan"
    assert who["organization"] is None and who["country"] is None and who["country_raw"] is None


def test_itu_country_forms_with_brackets_and_commas_inside():
    who = split_person("Mr Jae Hoon NAH (ETRI, Korea (Rep. of))")
    assert (who["organization"], who["country"], who["country_raw"]) == (
        "ETRI",
        "KR",
        "Korea (Rep. of)",
    )
    who = split_person("Ms A (Huawei Technologies Co., Ltd., China)")
    assert (who["organization"], who["country"]) == ("Huawei Technologies Co., Ltd.", "CN")
    assert split_person("Mr B (Korea, Republic of)")["country"] == "KR"


def test_organisation_acronyms_are_not_read_as_country_codes():
    assert split_person("Mr Ramesh S. Krishnamurthy (WHO)")["organization"] == "WHO"
    who = split_person("Mr C (CAN)")  # an organisation, not Canada's alpha-3
    assert (who["organization"], who["country"]) == ("CAN", None)
    assert split_person("Mr D (BT, UK)")["country"] == "GB"


def test_unknown_last_part_stays_in_the_organisation():
    who = split_person("Prof. Dr. Thomas Wiegand (Fraunhofer HHI / TU Berlin, Germany)")
    assert who["person"] == "Thomas Wiegand"
    assert who["organization"] == "Fraunhofer HHI / TU Berlin"
    who = split_person("Ms E (Example Labs, Building 5)")
    assert (who["organization"], who["country"]) == ("Example Labs, Building 5", None)


def test_undelimited_strings_are_not_split():
    who = split_person("Yair LAHAV ECI Telecom Ltd. Israel")
    assert who["person"] == "Yair LAHAV ECI Telecom Ltd. Israel"
    assert who["country"] is None


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Mr. Yutaka MIYAKE", "Yutaka MIYAKE"), ("Ms Xu Shan", "Xu Shan"), ("Mrs Ada Lovelace", "Ada Lovelace"),
     ("Prof. Dr. Thomas Wiegand", "Thomas Wiegand"), ("Dr Mr X", "X"), ("Mrinal Sen", "Mrinal Sen"),
     ("Drew Barry", "Drew Barry"), ("  ", None), (None, None)],
)  # fmt: skip
def test_strip_title(raw, name):
    assert strip_title(raw) == name


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Runtime Error</title></head><body>Server Error in '/' Application.</body></html>",
        "<html><body><h1>Sorry, something went wrong</h1></body></html>",
        "<html><head><title>404 Not Found</title></head><body></body></html>",
        "<html><head><title>Error</title></head><body><p>x</p></body></html>",
    ],
)
def test_error_pages(html):
    with pytest.raises(ErrorPage):
        raise_if_error_page(BeautifulSoup(html, "lxml"))


def test_ordinary_page_is_not_an_error():
    html = "<html><head><title>Management team</title></head><body><p>Chairman</p></body></html>"
    raise_if_error_page(BeautifulSoup(html, "lxml"))  # does not raise

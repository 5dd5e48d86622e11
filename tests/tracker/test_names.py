"""tracker.normalise.names: person names as ITU, 3GPP and ISO print them."""

from __future__ import annotations

import pytest

from tracker.normalise.names import compare, match_key, parse_name

# (printed, display, given, family, title).  Names are real officers from SOURCES.md and
# public_rosters.csv, in the shapes the sources print.
PARSE = [
    ("Mr. Yutaka MIYAKE", "Yutaka Miyake", "Yutaka", "Miyake", "Mr"),
    ("Yutaka MIYAKE", "Yutaka Miyake", "Yutaka", "Miyake", None),
    ("YUTAKA MIYAKE", "Yutaka Miyake", "Yutaka", "Miyake", None),
    ("Wanshi CHEN", "Wanshi Chen", "Wanshi", "Chen", None),
    ("CHEN Wanshi", "Wanshi Chen", "Wanshi", "Chen", None),
    ("Mr Vasily DOLMATOV", "Vasily Dolmatov", "Vasily", "Dolmatov", "Mr"),
    ("Mr. Gokhan EVREN", "Gokhan Evren", "Gokhan", "Evren", "Mr"),
    ("Ms Mona Mustapha", "Mona Mustapha", "Mona", "Mustapha", "Ms"),
    ("Dr Sung Hwan Cho", "Sung Hwan Cho", "Sung Hwan", "Cho", "Dr"),
    ("Prof. Dr.-Ing. Thomas Wiegand", "Thomas Wiegand", "Thomas", "Wiegand", "Prof Dr.-Ing."),
    ("Dr François Coallier", "François Coallier", "François", "Coallier", "Dr"),
    ("P. Reininger", "P. Reininger", "P.", "Reininger", None),
    ("P.Reininger", "P. Reininger", "P.", "Reininger", None),
    ("Reininger, Philippe", "Philippe Reininger", "Philippe", "Reininger", None),
    ("Han van Bussel", "Han van Bussel", "Han", "van Bussel", None),
    ("Nan HU", "Nan Hu", "Nan", "Hu", None),
    ("Axel KLATT", "Axel Klatt", "Axel", "Klatt", None),
    ("Lee Jae-sub (이재섭; = Chaesub Lee)", "Jae-sub Lee", "Jae-sub", "Lee", None),
    ("Toshiko Kimura (secretary)", "Toshiko Kimura", "Toshiko", "Kimura", None),
    ("Mr Marc GRANT", "Marc Grant", "Marc", "Grant", "Mr"),
]


@pytest.mark.parametrize(("printed", "display", "given", "family", "title"), PARSE)
def test_parse_name(printed, display, given, family, title):
    name = parse_name(printed)
    assert (name.display, name.given, name.family, name.title) == (display, given, family, title)
    assert name.raw == printed


def test_nickname_is_kept_aside_and_out_of_the_key():
    name = parse_name("Xiaodong (Steven) Chen")
    assert (name.given, name.family, name.nickname) == ("Xiaodong", "Chen", "Steven")
    assert name.key == "chen xiaodong"
    assert parse_name("X. (Steven) Chen").nickname == "Steven"


def test_upper_case_cue_is_recorded():
    assert parse_name("Wanshi CHEN").order_cue is True
    assert parse_name("Wanshi Chen").order_cue is False
    assert parse_name("YUTAKA MIYAKE").order_cue is False  # all capitals: no cue


def test_match_key_folds_order_case_diacritics_hyphens():
    assert match_key("Balázs Bertényi") == match_key("Balazs BERTENYI") == "balazs bertenyi"
    assert match_key("CHEN Wanshi") == match_key("Wanshi Chen") == "chen wanshi"
    assert match_key("Seong-Ho Jeong") == match_key("Seongho JEONG")
    assert match_key("Mercè Ferrés Hernández") == "hernandez merceferres"
    assert match_key("") == ""


COMPARE = [
    ("Mr. Yutaka MIYAKE", "Yutaka Miyake", "same"),
    ("Wanshi CHEN", "CHEN Wanshi", "same"),
    ("Balázs Bertényi", "Balazs Bertenyi", "same"),
    ("Satoshi NAGATA", "Mr Satoshi Nagata", "same"),
    ("Lee Jae-sub", "Jae-sub LEE", "same"),
    ("Seong-Ho Jeong", "Seong Ho Jeong", "same"),
    ("P. Reininger", "Philippe Reininger", "possible"),
    ("P. Schmitt", "Peter Schmitt", "possible"),
    ("X. (Steven) Chen", "Xiaodong Chen", "possible"),
    ("Xiaodong (Steven) Chen", "Steven Chen", "possible"),
    ("Wanshi Chen", "Chen Wanshi", "possible"),  # swapped, no case cue on either side
    ("Sungho Choi", "Sungho Choe", "possible"),  # Korean romanisation
    ("Ki-shik Park", "Ki-shik Pak", "possible"),
    ("Kazuo Ohno", "Kazuo Ono", "possible"),  # Japanese long vowel
    ("Ramesh S. Krishnamurthy", "Ramesh Krishnamurthy", "possible"),
    ("Lee Jae Sub", "Jae-sub Lee", "possible"),
    ("Wanshi Chen", "Xiaodong Chen", "different"),
    ("Peter Schmitt", "Paul Schmitt", "different"),
    ("WANG Wei", "WEI Wang", "different"),  # both cued: family names disagree
    ("Ronald BORSATO", "Axel KLATT", "different"),
    ("Satoshi Nagata", "", "different"),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPARE)
def test_compare(a, b, expected):
    assert compare(a, b) == expected
    assert compare(b, a) == expected  # symmetric


def test_fuzzy_spellings_are_never_same():
    assert compare("Wanshi Chen", "Wansi Chen") == "different"
    assert compare("Philippe Reininger", "Philipe Reininger") == "different"

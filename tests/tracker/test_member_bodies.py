"""config/member_bodies.csv and its loader: every bundled ISO acronym resolves, nothing is guessed."""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from tracker.normalise import member_bodies as mb

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "config" / "member_bodies.csv"
SNAPSHOTS = sorted((ROOT / "datasets" / "iso-open-data").glob("*.jsonl.gz"))


def _snapshot_acronyms(path: Path) -> set[str]:
    found = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            members = [rec.get("secretariat") or {}]
            members += (rec.get("pMembers") or []) + (rec.get("oMembers") or [])
            found.update(m["acronym"] for m in members if m and m.get("acronym"))
    return found


def _raw_rows() -> list[dict[str, str]]:
    text = CSV_PATH.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(ln for ln in text if not ln.startswith("#")))


@pytest.fixture(scope="module")
def all_acronyms() -> set[str]:
    assert len(SNAPSHOTS) >= 10
    found: set[str] = set()
    for path in SNAPSHOTS:
        found |= _snapshot_acronyms(path)
    return found


@pytest.fixture(autouse=True)
def _fresh_cache():
    mb.clear_cache()
    yield
    mb.clear_cache()


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.name[-19:-9])
def test_every_snapshot_acronym_resolves_or_is_listed_unknown(path):
    acronyms = sorted(_snapshot_acronyms(path))
    unknown = set(mb.unknown_acronyms("ISO", acronyms))
    marked = {row.acronym for row in mb.load_member_bodies() if row.body == "ISO" and row.unknown}
    assert unknown <= marked  # only rows explicitly marked unknown may fail to resolve
    for acronym in acronyms:
        country = mb.member_body_country("ISO", acronym)
        assert (country is None) == (acronym in unknown), acronym


def test_all_snapshot_acronyms_have_a_row(all_acronyms):
    assert len(all_acronyms) == 161  # 162 distinct values counting the one null secretariat
    iso_rows = {row.acronym for row in mb.load_member_bodies() if row.body == "ISO"}
    assert all_acronyms <= iso_rows
    assert mb.unknown_acronyms("ISO", sorted(all_acronyms)) == ["ONANOR"]


@pytest.mark.parametrize(
    ("body", "acronym", "country"),
    [
        ("ISO", "SAC", "CN"),
        ("ISO", "ANSI", "US"),
        ("ISO", "DIN", "DE"),
        ("ISO", "JISC", "JP"),
        ("ISO", "KATS", "KR"),
        ("ISO", "BSI", "GB"),
        ("ISO", "GOST R", "RU"),
        ("ISO", "ITCHKSAR", "HK"),
        ("ISO", "CPTTM", "MO"),
        ("ISO", "SE UkrNDNC", "UA"),
        ("ISO", "NQIS ELOT", "GR"),
        ("ISO", "MoIAT-STR", "AE"),
        ("ISO", "O'ZTTSA", "UZ"),
        ("ISO", "SA", "AU"),
        ("ISO", "SASO", "SA"),
        ("ISO/IEC", "ANSI", "US"),
        ("IEC/ISO", "BSI", "GB"),
        ("3GPP", "CCSA", "CN"),
        ("3GPP", "ARIB", "JP"),
        ("3GPP", "TSDSI", "IN"),
        ("3GPP", "ETSI", None),
        ("IEC", "DE NC", "DE"),
        ("IEC", "Germany", "DE"),
        ("IEC", "United States", "US"),
        ("IEC", "Korea (Rep. of)", "KR"),
        ("ITU-T", "Japan", "JP"),
        ("ITU-T", "Russian Federation", "RU"),
    ],
)
def test_known_countries(body, acronym, country):
    assert mb.member_body_country(body, acronym) == country


@pytest.mark.parametrize(
    ("variant", "country"),
    [
        ("sac", "CN"),
        (" SAC ", "CN"),
        ("Sac", "CN"),
        ("gost r", "RU"),
        ("GOST  R", "RU"),
        ("gostr", "RU"),
        ("se ukrndnc", "UA"),
        ("moiat-str", "AE"),
    ],
)
def test_lookup_is_case_and_whitespace_tolerant(variant, country):
    assert mb.member_body_country("ISO", variant) == country
    assert mb.member_body_country("iso/iec", variant) == country


def test_typographic_apostrophe_matches():
    assert mb.member_body_country("ISO", "O’ZTTSA") == "UZ"


def test_etsi_is_a_known_region_not_an_unknown_acronym():
    row = mb.lookup("3GPP", "etsi")
    assert row is not None and row.country is None and row.kind == "organizational_partner"
    assert "region" in row.notes.lower()
    assert mb.unknown_acronyms("3GPP", ["ETSI", "CCSA", "XYZ"]) == ["XYZ"]


def test_unknown_row_exists_without_country():
    row = mb.lookup("ISO", "ONANOR")
    assert row is not None and row.country is None and row.unknown
    assert mb.member_body_country("ISO", "ONANOR") is None


def test_unknown_acronyms_never_guess():
    assert mb.member_body_country("ISO", "NOSUCHBODY") is None
    assert mb.member_body_country("ISO", "Germany") is None  # ISO resolves acronyms only
    assert mb.member_body_country("ISO", None) is None
    assert mb.unknown_acronyms("ISO", ["DIN", "", None, "NOSUCH", "NOSUCH", "ONANOR"]) == [
        "NOSUCH",
        "ONANOR",
    ]
    assert mb.unknown_acronyms("ITU-T", ["France", "Atlantis"]) == ["Atlantis"]
    assert mb.unknown_acronyms("IEC", ["Germany", "DE NC", "XX NC"]) == ["XX NC"]


def test_iec_country_without_row_is_synthesised():
    row = mb.lookup("IEC", "Iceland")
    assert row is not None and row.country == "IS" and row.acronym == "IS NC"
    assert row.kind == "national_committee"
    assert mb.lookup("IEC", "DE NC").name == "German National Committee (DKE)"


def test_itu_member_state_row():
    row = mb.lookup("ITU-T", "Viet Nam")
    assert row is not None and row.country == "VN" and row.kind == "member_state"


def test_no_duplicate_body_acronym():
    rows = _raw_rows()
    pairs = Counter((r["body"], r["acronym"]) for r in rows)
    assert [p for p, n in pairs.items() if n > 1] == []
    keys = Counter((mb.table_body(r["body"]), mb.acronym_key(r["acronym"])) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []  # also unique after normalisation


def test_countries_are_valid_iso3166_codes():
    rows = _raw_rows()
    assert len(rows) > 200
    bad = [
        (r["acronym"], r["country"])
        for r in rows
        if r["country"] and pycountry.countries.get(alpha_2=r["country"]) is None
    ]
    assert bad == []


def test_empty_country_only_for_unknown_or_region():
    for row in mb.load_member_bodies():
        if row.country is None:
            assert row.unknown or "region" in row.notes.lower(), row.acronym


def test_table_shape():
    rows = mb.load_member_bodies()
    by_body = Counter(r.body for r in rows)
    assert by_body["3GPP"] == 7
    assert by_body["IEC"] >= 55
    assert by_body["ITU-T"] == 0
    assert {r.kind for r in rows if r.body == "ISO"} == {"national_standards_body"}
    assert all(r.acronym == f"{r.country} NC" for r in rows if r.body == "IEC")
    tgpp = {r.acronym: r.country for r in rows if r.body == "3GPP"}
    assert tgpp == {
        "ARIB": "JP",
        "ATIS": "US",
        "CCSA": "CN",
        "ETSI": None,
        "TSDSI": "IN",
        "TTA": "KR",
        "TTC": "JP",
    }


def test_load_from_explicit_path(tmp_path):
    path = tmp_path / "mb.csv"
    path.write_text(
        "# comment\nbody,acronym,country,name,kind,valid_from,valid_to,notes\n"
        "ISO/IEC,XYZ,fr,X Body,national_standards_body,2001-01-01,,\n",
        encoding="utf-8",
    )
    (row,) = mb.load_member_bodies(path)
    assert (row.body, row.acronym, row.country, row.valid_from, row.valid_to) == (
        "ISO",
        "XYZ",
        "FR",
        "2001-01-01",
        None,
    )


def test_default_path_follows_config_dir(tmp_path, monkeypatch):
    (tmp_path / "member_bodies.csv").write_text(
        "body,acronym,country,name,kind,valid_from,valid_to,notes\nISO,SAC,JP,x,y,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(mb.paths, "CONFIG_DIR", tmp_path)
    mb.clear_cache()
    assert mb.member_body_country("ISO", "SAC") == "JP"

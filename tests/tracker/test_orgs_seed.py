"""tracker.orgs.seed: bigbang's dirt is fixed in code, the curated file merges over it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tracker.orgs import BIGBANG_PATH, CURATED_PATH, default_resolver
from tracker.orgs.seed import OrgSeed, build_registry, clean_name, load_bigbang, load_curated

HEADER = (
    "key,name,aliases,patterns,kind,parent_key,registration_country,hq_country,partner_org,notes\n"
)


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with open(BIGBANG_PATH, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def issues_and_seeds() -> tuple[list[str], list[OrgSeed]]:
    issues: list[str] = []
    return issues, load_bigbang(BIGBANG_PATH, issues)


@pytest.fixture(scope="module")
def seeds(issues_and_seeds) -> dict[str, OrgSeed]:
    return {s.name: s for s in issues_and_seeds[1]}


def _by_key(seeds: dict[str, OrgSeed]) -> dict[str, OrgSeed]:
    return {s.key: s for s in seeds.values()}


def test_every_name_with_dirty_whitespace_comes_out_clean(raw_rows, seeds):
    dirty = [
        r["name"]
        for r in raw_rows
        if r["name"].strip()
        and ("  " in r["name"] or r["name"] != r["name"].strip() or "\xa0" in r["name"])
    ]
    assert len(dirty) > 50  # the real file has ~110 such rows
    spellings = set(seeds) | {a for s in seeds.values() for a in s.aliases}
    for raw in dirty:
        name = clean_name(raw)
        assert name in spellings, raw  # a name, or an alias after merging a duplicate row
        assert "  " not in name and "\xa0" not in name and name == name.strip(), name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "Attorney-General's Department  Australian Government",
            "Attorney-General's Department, Australian Government",
        ),
        (
            "Innovation  Science and Economic Development Canada",
            "Innovation, Science and Economic Development Canada",
        ),
        ("Samsung Electronics Ind. Co.  Ltd.", "Samsung Electronics Ind. Co., Ltd."),
        (
            "Dongguan\xa0OPPO\xa0Precision\xa0Electronic\xa0Corp. \xa0Ltd.",
            "Dongguan OPPO Precision Electronic Corp., Ltd.",
        ),
        (
            "Telecommunication Industry Association  (TIA)",
            "Telecommunication Industry Association (TIA)",
        ),
        (
            "Mandat International , National Telecommunication Regulatory Authority (NTRA)  ",
            "Mandat International, National Telecommunication Regulatory Authority (NTRA)",
        ),
        ("KDDI Corporation ", "KDDI Corporation"),
        ("Technische Universit\ufffdt Dresden", "Technische Universität Dresden"),
        ("Indidan Institute of Technology Kanpur", "Indian Institute of Technology Kanpur"),
    ],
)
def test_clean_name_restores_lost_commas_and_fixes_typos(raw, clean, raw_rows):
    assert raw in {r["name"] for r in raw_rows}  # each case is a real row of the copy
    assert clean_name(raw) == clean


def test_misspelt_category_and_stakeholder_group_are_normalised(raw_rows, seeds):
    oki = next(r for r in raw_rows if "ans software" in r["category"])
    assert oki["name"] == "Oki Electric Industry Company Ltd."
    merged = seeds["OKi Electric Industry Co., Ltd"]  # the two OKI rows are one entity
    assert "Consumer Hardware and Software Vendor" in merged.categories
    assert not any("ans" in c.split() for c in merged.categories)
    assert "Oki Electric Industry Company Ltd." in merged.aliases
    norway = next(r for r in raw_rows if r["stakeholdergroup"] == "Goverment")
    assert seeds[norway["name"]].kind == "government"
    murcia = next(r for r in raw_rows if r["stakeholdergroup"] == "Academia ")
    assert seeds[murcia["name"]].kind == "academia"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("European Telecommunications Standards Institute", "national_standards_body"),
        ("ESA - European Space Agency", "regional_or_international_org"),
        ("5G Infrastructure Association", "consortium"),
        ("Center for Internet Security", "consortium"),
        ("Google", "company"),  # Business beats its "Research Institution" category
        ("TNO", "company"),
        ("Beijing University of Posts and Telecommunications", "academia"),
        ("Federal Communications Commission", "government"),
    ],
)
def test_kind_vocabulary(seeds, name, kind):
    assert seeds[name].kind == kind


def test_nationalities_become_alpha2_and_domains_are_split(seeds):
    assert (
        seeds["Electronics & Telecommunications Research Institute (ETRI)"].registration_country
        == "KR"
    )
    assert seeds["MediaTek Incorporated"].registration_country == "TW"
    assert seeds["Skolkovo Institute of Science and Technology"].registration_country == "RU"
    cisa = seeds["Cybersecurity and Infrastructure Security Agency (CISA) ECD"]
    assert cisa.email_domains == ("hq.dhs.gov",)
    assert seeds["Huawei Device Co. Ltd"].email_domains == (
        "huawei.com",
        "huawei.com.cn",
        "huawei.comcc",
    )


def test_duplicate_rows_merge_memberships_and_void_conflicting_nationality(seeds):
    kddi = seeds["KDDI Corporation"]
    assert kddi.memberships == ("TTC", "ARIB")
    assert set(kddi.email_domains) == {"kddi.com", "kddilabs.jp"}
    fujitsu = seeds["Fujitsu Limited"]
    assert fujitsu.memberships == ("TTC", "ARIB", "ETSI")
    alcatel = seeds["Alcatel"]  # one row says France, the other Germany
    assert alcatel.registration_country is None
    assert any("conflicting registration_country" in n for n in alcatel.notes)
    assert seeds["Public Safety Communication Europe Forum"].memberships == (
        "ETSI",
    )  # OTHER dropped


def test_missing_parents_are_synthetic_and_joint_parents_dropped(seeds):
    child = seeds["Information Science Academy of China Electronics Technology Group Corporation"]
    parent = _by_key(seeds)[child.parent_key]
    assert parent.name == "China Electronics Technology Group Corporation"
    assert parent.synthetic and parent.registration_country is None
    assert "Tsinghua Unisplendour" in seeds and seeds["Tsinghua Unisplendour"].synthetic
    lab = seeds["Zhejiang Lab"]  # "subsidiary of: Alibaba, Zhejiang University"
    assert lab.parent_key is None and any("joint parents" in n for n in lab.notes)
    assert "Alibaba, Zhejiang University" not in seeds


def test_parents_written_with_dirty_whitespace_still_link(seeds):
    centre = seeds[
        "BEIJING SAMSUNG TELECOM R&D CENTER"
    ]  # parent "Samsung Electronics Ind. Co.  Ltd."
    assert centre.parent_key == seeds["Samsung Electronics Ind. Co., Ltd."].key
    sprint = seeds["Sprint Corporation"]  # parent "T-Mobile USA  Inc."
    assert _by_key(seeds)[sprint.parent_key].name.startswith("T-Mobile USA")


def test_self_parent_ignored_and_nameless_row_reported(seeds, issues_and_seeds):
    nec = seeds["NEC Corporation"]  # two of its three rows name NEC Corporation as parent
    assert nec.parent_key is None and any("itself" in n for n in nec.notes)
    assert any("without a name" in i for i in issues_and_seeds[0])


def test_curated_rows_claim_bigbang_rows_and_override(issues_and_seeds):
    registry = default_resolver().registry
    huawei = registry.orgs["huawei"]
    assert huawei.source == "bigbang+curated"
    assert huawei.parent_key is None  # bigbang put it under Huawei Device: "-" cleared that
    assert set(huawei.memberships) == {"CCSA", "ETSI"}  # from both bigbang Huawei rows
    assert registry.orgs["huawei-device"].parent_key == "huawei"
    futurewei = registry.orgs["futurewei"]  # three bigbang rows, one saying China
    assert futurewei.registration_country == "US" and futurewei.parent_key == "huawei"
    assert {"Futurewei", "Futurewei Technologies", "Futurewei Technologies Inc."} <= set(
        futurewei.aliases
    )
    sprint = next(o for o in registry.orgs.values() if o.name == "Sprint Corporation")
    assert sprint.parent_key == "t-mobile-us"  # parent key follows the curated rename
    assert registry.orgs["nokia"].registration_country == "FI"  # bigbang 'Nokia' row said US


def _curated(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "orgs.csv"
    path.write_text("# test\n" + HEADER + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a,A,,,robot,,,,,\n", "unknown kind"),
        ("a,A,,,,,XX,,,\n", "not an alpha-2"),
        ("a,A,,,,,,,IEEE,\n", "unknown partner_org"),
        ("a,A,,,,,,,,\na,B,,,,,,,,\n", "duplicate key"),
        ("a,A,,(unclosed,,,,,,\n", "pattern"),
    ],
)
def test_load_curated_rejects_bad_rows(tmp_path, rows, message):
    with pytest.raises(ValueError, match=message):
        load_curated(_curated(tmp_path, rows))


def test_build_registry_rejects_unknown_parent_and_double_claims(tmp_path):
    base = [OrgSeed(key="acme-ltd", name="Acme Ltd", registration_country="GB")]
    with pytest.raises(ValueError, match="unknown parent_key"):
        build_registry(base, load_curated(_curated(tmp_path, "x,X Corp,,,,nobody,,,,\n")))
    with pytest.raises(ValueError, match="claimed by both"):
        build_registry(
            base, load_curated(_curated(tmp_path, "a,Acme Ltd,,,,,,,,\nb,B,Acme Ltd,,,,,,,\n"))
        )


def test_dash_clears_and_empty_keeps(tmp_path):
    base = [
        OrgSeed(
            key="acme-ltd",
            name="Acme Ltd",
            registration_country="GB",
            kind="company",
            parent_key="holding",
        ),
        OrgSeed(key="holding", name="Holding"),
    ]
    reg = build_registry(
        base, load_curated(_curated(tmp_path, "acme,Acme Limited,Acme Ltd,,,-,,US,,\n"))
    )
    acme = reg.orgs["acme"]
    assert (acme.parent_key, acme.registration_country, acme.kind, acme.hq_country) == (
        None,
        "GB",
        "company",
        "US",
    )
    assert "acme-ltd" not in reg.orgs and "Acme Ltd" in acme.aliases


def test_curated_file_loads_and_has_no_ambiguous_spellings():
    curated = load_curated(CURATED_PATH)
    assert len(curated) >= 100
    registry = default_resolver().registry
    assert not [i for i in registry.issues if i.startswith(("ambiguous", "parent cycle"))]

"""tracker.orgs.resolver: real printed spellings -> organisation, HQ and registration country."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from tracker.orgs import default_resolver, resolve_for_attribution
from tracker.orgs.resolver import OrgResolver, Registry, attribute, normalise_org
from tracker.orgs.seed import OrgSeed

REFERENCE = Path(__file__).resolve().parents[2] / "datasets" / "reference"


@pytest.fixture(scope="module")
def resolver() -> OrgResolver:
    return default_resolver()


# (printed spelling, country printed beside it, org key, hq country, registration country).
# Spellings are real: SOURCES.md (ITU pages, 3GPP news and TDoc lists), public_rosters.csv,
# the 2021 study (monograph_itu_ai_focus_groups_2021.csv).
REAL_SPELLINGS = [
    # 3GPP officers and TDoc sources
    ("Qualcomm Incorporated", None, "qualcomm", "US", "US"),
    ("Qualcomm Incorporated - ATIS", None, "qualcomm", "US", "US"),
    ("AT&T", None, "att", "US", "US"),
    ("CMCC", None, "china-mobile", "CN", "CN"),
    ("CMCC (CCSA)", None, "china-mobile", "CN", "CN"),
    ("Deutsche Telekom AG", None, "deutsche-telekom", "DE", "DE"),
    ("Huawei", None, "huawei", "CN", "CN"),
    ("HiSilicon", None, "hisilicon", "CN", "CN"),
    ("HuaWei Technologies", None, "huawei", "CN", "CN"),
    ("HuaWei Technologies Co., Ltd", None, "huawei", "CN", "CN"),
    ("Huawei Technologies Co., Ltd (CCSA)", None, "huawei", "CN", "CN"),
    ("Huawei Technologies Co. Ltd. (ETSI)", None, "huawei", "CN", "CN"),
    ("Huawei (Rapporteur)", None, "huawei", "CN", "CN"),
    ("MediaTek Beijing Inc.", None, "mediatek-beijing", "TW", "CN"),
    ("Futurewei", None, "futurewei", "CN", "US"),
    ("Apple (UK) Ltd", None, "apple-uk", "US", "GB"),
    ("Apple France (ETSI)", None, "apple-france", "US", "FR"),
    ("Nokia Shanghai Bell", None, "nokia-shanghai-bell", "FI", "CN"),
    ("Nokia Corporation", None, "nokia", "FI", "FI"),
    ("Nokia Siemens Networks (ETSI)", None, "nokia-networks", "FI", "FI"),
    ("VODAFONE Group Plc", None, "vodafone", "GB", "GB"),
    ("Intel (ATIS)", None, "intel", "US", "US"),
    ("NTT DOCOMO INC. (ARIB)", None, "ntt-docomo", "JP", "JP"),
    ("NTT DoCoMo Inc.", None, "ntt-docomo", "JP", "JP"),
    ("T-Mobile USA Inc. (ATIS)", None, "t-mobile-us", "DE", "US"),
    ("T-Mobile International AG (ETSI)", None, "t-mobile-international", "DE", "DE"),
    ("Guangdong OPPO Mobile Telecommunications Corp.,Ltd. (ETSI)", None, "oppo", "CN", "CN"),
    ("China Telecom Corporation Ltd. (CCSA)", None, "china-telecom", "CN", "CN"),
    ("China Mobile Com. Corp. (CCSA)", None, "china-mobile", "CN", "CN"),
    ("China Mobile Com. Corporation (CCSA)", None, "china-mobile", "CN", "CN"),
    (
        "InterDigital Communications Corporation (ATIS)",
        None,
        "interdigital-communications-corporation",
        "US",
        "US",
    ),
    ("Ericsson LM (ETSI)", None, "ericsson", "SE", "SE"),
    ("Fujitsu Limited (TTC)", None, "fujitsu", "JP", "JP"),
    ("KPN N.V. (ETSI)", None, "kpn", "NL", "NL"),
    ("Samsung Electronics Co., Ltd (TTA)", None, "samsung", "KR", "KR"),
    ("Samsung R&D Institute UK (ETSI)", None, "samsung-r-and-d-institute-uk", "KR", "GB"),
    ("Samsung Research", None, "samsung-research", "KR", "KR"),
    # ITU-T pages, md sources, focus groups
    ("KDDI", "Japan", "kddi", "JP", "JP"),
    ("OFCOM", "Switzerland", "ofcom-ch", "CH", "CH"),
    ("ECI Telecom Ltd.", "Israel", "eci-telecom", "IL", "IL"),
    ("China Telecom", None, "china-telecom", "CN", "CN"),
    ("China Telecommunications", None, "china-telecom", "CN", "CN"),
    ("China Mobile", None, "china-mobile", "CN", "CN"),
    ("China Unicom", None, "china-unicom", "CN", "CN"),
    ("MIIT", None, "miit", "CN", "CN"),
    ("European Commission", None, "european-commission", "BE", "BE"),
    ("CNIT", None, "cnit", "IT", "IT"),
    ("Telecom Italia", None, "telecom-italia-s-p-a", "IT", "IT"),
    ("CAICT", None, "caict", "CN", "CN"),
    ("ZTE", None, "zte", "CN", "CN"),
    ("University of Science and Technology of China (USTC)", None, "ustc", "CN", "CN"),
    ("QuantumCTek Co. Ltd.", None, "quantumctek", "CN", "CN"),
    ("Alibaba", "China", "alibaba", "CN", "CN"),
    ("Ericsson", "Canada", "ericsson", "SE", "SE"),  # the printed country is the delegate's
    ("NICT", "Japan", "nict", "JP", "JP"),
    ("ETRI (visiting researcher)", "Korea, Republic of", "etri", "KR", "KR"),
    ("KCC (방통위)", "Korea, Republic of", "kcc", "KR", "KR"),
    ("Turkcell", "Türkiye", "turkcell", "TR", "TR"),
    ("Fraunhofer HHI", "Germany", "fraunhofer-hhi", "DE", "DE"),
    # ISO/IEC rosters: member bodies and the odd organisation
    ("ANSI (nominating NB)", "United States", "ansi", "US", "US"),
    ("SA", "Australia", "standards-australia", "AU", "AU"),
    ("SIS - Swedish Standards Institute", "Sweden", "sis", "SE", "SE"),
    ("JISC (IPSJ/ITSCJ)", "Japan", "jisc", "JP", "JP"),
    ("Chalmers University of Technology", None, "chalmers", "SE", "SE"),
]


@pytest.mark.parametrize(("printed", "country", "key", "hq", "registration"), REAL_SPELLINGS)
def test_real_spellings(resolver, printed, country, key, hq, registration):
    res = resolver.resolve(printed, country)
    assert res is not None, resolver.suggest(printed)
    assert (res.key, res.hq_country, res.registration_country) == (key, hq, registration)


def test_table_is_big_enough():
    assert len(REAL_SPELLINGS) >= 40


def test_huawei_via_ccsa(resolver):
    """SOURCES.md 6: P. Reininger / P. Schmitt (HuaWei Technologies [Co., Ltd] - CCSA)."""
    for printed in ("HuaWei Technologies \u2013 CCSA", "HuaWei Technologies Co., Ltd - CCSA"):
        res = resolver.resolve(printed)
        assert res.key == "huawei" and res.printed_partner_org == "CCSA"
        assert attribute(res, "hq") == ("CN", "hq")
        assert attribute(res, "partner_org") == ("CN", "partner_org")


def test_mediatek_beijing_via_ccsa(resolver):
    """SOURCES.md 6: J. Johansson (MediaTek Beijing Inc. - CCSA): HQ Taiwan, entity China."""
    res = resolver.resolve("MediaTek Beijing Inc. \u2013 CCSA")
    assert res.ultimate_parent_key == "mediatek"
    assert attribute(res, "hq") == ("TW", "hq")
    assert attribute(res, "registration") == ("CN", "registration")
    assert attribute(res, "partner_org") == ("CN", "partner_org")


def test_futurewei_then_apple_uk(resolver):
    """SOURCES.md 6: X. (Steven) Chen, Futurewei - ETSI -> Apple (UK) Ltd - ETSI (2020-10-02)."""
    before = resolver.resolve("Futurewei \u2013 ETSI")
    assert attribute(before, "hq") == ("CN", "hq")
    assert attribute(before, "registration") == ("US", "registration")
    assert attribute(before, "partner_org") == (None, "partner_org")  # Europe is a region
    after = resolver.resolve("Apple (UK) Ltd \u2013 ETSI")
    assert after.key == "apple-uk" and after.ultimate_parent_key == "apple"
    assert attribute(after, "hq") == ("US", "hq")
    assert attribute(after, "registration") == ("GB", "registration")


def test_country_qualified_subsidiary_never_collapses_to_parent(resolver):
    assert normalise_org("Apple (UK) Ltd") == "apple uk"
    assert resolver.resolve("Apple (UK) Ltd").key == "apple-uk"
    assert resolver.resolve("Apple AB").key == "apple-ab"
    assert resolver.resolve("Apple Inc").key == "apple"


def test_matched_by_levels(resolver):
    assert resolver.resolve("Qualcomm Incorporated").matched_by == "exact"
    assert resolver.resolve("qualcomm  incorporated").matched_by == "exact"
    assert resolver.resolve("CMCC").matched_by == "alias"
    assert (
        resolver.resolve("Guangdong OPPO Mobile Telecommunications Corp.,Ltd.").matched_by
        == "normalised"
    )
    assert resolver.resolve("Hua Wei").matched_by == "pattern"


def test_legal_form_spelling_finds_the_right_entity(resolver):
    # "Inc." = "Incorporated": the US subsidiary, not the Swedish parent
    assert resolver.resolve("Ericsson Inc.").key == "ericsson-incorporated"
    assert resolver.resolve("Ericsson Inc.").registration_country == "US"
    # no subsidiary has this legal form: the common ancestor of the candidates is meant
    assert resolver.resolve("Samsung Electronics Corp.").key == "samsung"


@pytest.mark.parametrize(
    "printed",
    [
        "Acme Widgets",
        "RAN WG1",
        "Korea (Rep. of)",
        "",
        None,
        "Huawei, HiSilicon",
        "Qualcom",
        "OFCOM",
        "SA",
        "CERT",
        "BSI",
        "(null in dataset)",
        "Nokia Solutions and Networks GmbH",
    ],
)
def test_unknown_or_ambiguous_is_none(resolver, printed):
    assert resolver.resolve(printed) is None


def test_country_hint_enables_scoped_aliases(resolver):
    assert resolver.resolve("OFCOM", "CH").key == "ofcom-ch"
    assert resolver.resolve("OFCOM", "United Kingdom").key == "ofcom-uk"
    assert resolver.resolve("CERT", "Tunisia").key == "cert-tn"
    assert resolver.resolve("SA", "France") is None


def test_suggest_offers_candidates_without_resolving(resolver):
    assert resolver.resolve("Qualcom") is None
    assert resolver.suggest("Qualcom")[0] == ("qualcomm", "Qualcomm Incorporated")
    assert resolver.suggest("zzzz qqqq") == []


def test_split_sources(resolver):
    assert resolver.split_sources("Huawei, HiSilicon") == ["Huawei", "HiSilicon"]
    assert resolver.split_sources("China Mobile, China Unicom, Huawei, MIIT") == [
        "China Mobile",
        "China Unicom",
        "Huawei",
        "MIIT",
    ]
    assert resolver.split_sources(
        "Guangdong OPPO Mobile Telecommunications Corp.,Ltd.; Samsung Electronics Co., Ltd"
    ) == ["Guangdong OPPO Mobile Telecommunications Corp., Ltd.", "Samsung Electronics Co., Ltd"]
    keys = [resolver.resolve(s).key for s in resolver.split_sources("Huawei, HiSilicon")]
    assert keys == ["huawei", "hisilicon"]


def test_attribute_modes_for_regional_bodies_and_memberships(resolver):
    etsi = resolver.resolve("ETSI")
    assert etsi.regional and (etsi.hq_country, etsi.registration_country) == ("FR", "FR")
    assert attribute(etsi, "hq") == (None, "hq")
    assert attribute(etsi, "registration") == (None, "registration")
    assert attribute(etsi, "partner_org") == (None, "partner_org")
    ec = resolver.resolve("European Commission")  # an md source: never counted as Belgian
    assert ec.registration_country == "BE"
    assert [attribute(ec, m)[0] for m in ("hq", "registration", "partner_org")] == [None] * 3
    kddi = resolver.resolve("KDDI")  # member of ARIB and TTC: no single OP, one country
    assert kddi.partner_org is None and set(kddi.partner_orgs) == {"ARIB", "TTC"}
    assert attribute(kddi, "partner_org") == ("JP", "partner_org")
    assert attribute(None, "hq") == (None, "hq")
    with pytest.raises(ValueError):
        attribute(kddi, "nationality")


def test_every_public_roster_organisation_resolves(resolver):
    with open(REFERENCE / "public_rosters.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["organization"] not in ("", "(null in dataset)")]
    assert len(rows) > 100
    missing = [
        (r["organization"], r["country"])
        for r in rows
        if resolver.resolve(r["organization"], r["country"] or None) is None
    ]
    assert missing == []


def test_2021_study_organisations_resolve_with_stated_country(resolver):
    with open(REFERENCE / "monograph_itu_ai_focus_groups_2021.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        res = resolver.resolve(row["organization"])
        assert res is not None, row["organization"]
        if row["organization_country"]:
            assert res.hq_country == row["organization_country"], row["organization"]


def test_parent_cycles_are_safe():
    orgs = [
        OrgSeed(key="a", name="Alpha", parent_key="b", registration_country="FR"),
        OrgSeed(key="b", name="Beta", parent_key="a", registration_country="DE"),
        OrgSeed(key="c", name="Gamma", parent_key="a"),
    ]
    registry = Registry(orgs)
    assert any(i.startswith("parent cycle") for i in registry.issues)
    res = OrgResolver(registry).resolve("Gamma")
    assert res.ultimate_parent_key in {"a", "b"}
    assert registry.chain("c")[0] == "c" and len(registry.chain("c")) <= 3


def test_cache_returns_the_same_object_and_is_fast(resolver):
    names = ["Huawei", "CMCC", "Qualcomm Incorporated - ATIS", "Nobody Ltd"] * 5000
    for name in names[:4]:
        resolver.resolve(name)
    assert resolver.resolve("Huawei") is resolver.resolve("Huawei")
    start = time.perf_counter()
    for name in names:
        resolver.resolve(name)
    assert len(names) / (time.perf_counter() - start) > 50_000


def test_resolve_for_attribution():
    bases = resolve_for_attribution("MediaTek Beijing Inc.")
    assert [(b, c, derived) for b, c, _d, derived in bases] == [
        ("hq", "TW", True),
        ("registration", "CN", True),
    ]
    assert "mediatek" in bases[0][2]
    assert resolve_for_attribution("ETSI") == []  # resolved, but a region has no country
    assert resolve_for_attribution("Nokia Shanghai Bell")[1][:2] == ("registration", "CN")
    assert resolve_for_attribution("Acme Widgets") == []
    assert resolve_for_attribution(None) == []

"""Who is who end to end: attribution modes on a constructed case, analyst overrides that
survive re-imports, and the person review queue."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from db.models import AnalystOverride, Person, PersonReview, Post
from tests.conftest import FIXTURES

CASE = FIXTURES / "curated" / "attribution_case.csv"


def _share(cli, *args):
    rows = json.loads(cli("share", "--body", "ITU-T", "--as-of", "2024-06-15", "--format", "json", *args).stdout)
    return {r["country"]: r["posts"] for r in rows}


def test_hq_and_listed_give_different_correct_results(cli):
    # Constructed case: an Italian chairing for Huawei, a UK national for Qualcomm, a Japanese
    # national for an unknown company, a person with no printed country at an unknown lab.
    cli("import-observations", CASE)
    assert _share(cli, "--attribution", "listed") == {"IT": 1, "GB": 1, "JP": 1, "unattributed": 1}
    assert _share(cli, "--attribution", "hq") == {"CN": 1, "US": 1, "unattributed": 2}
    out = cli("share", "--body", "ITU-T", "--as-of", "2024-06-15", "--attribution", "hq").stdout
    assert "Unattributed" in out and "hq" in out


def test_org_overrides_survive_reimport(cli, session):
    cli("import-observations", CASE)
    unresolved = json.loads(cli("orgs", "unresolved", "--format", "json").stdout)
    names = {r["name"]: r for r in unresolved}
    assert set(names) == {"Acme Widgets KK", "Zhongguancun Example Lab"}
    assert names["Acme Widgets KK"]["count"] == 1 and "ITU-T posts" in names["Acme Widgets KK"]["seen_in"]
    cli("orgs", "add", "zgc-lab", "Zhongguancun Example Lab", "--kind", "academia", "--registration", "CN",
        "--hq", "CN", "--by", "tester")
    cli("orgs", "add", "acme", "Acme Widgets", "--registration", "JP", "--hq", "JP", "--alias",
        "Acme Widgets KK", "--by", "tester")
    assert _share(cli, "--attribution", "hq") == {"CN": 2, "US": 1, "JP": 1}
    # Acme becomes a subsidiary of Qualcomm: its hq follows the parent
    cli("orgs", "set-parent", "acme", "qualcomm", "--by", "tester")
    assert _share(cli, "--attribution", "hq") == {"CN": 2, "US": 2}
    assert json.loads(cli("orgs", "unresolved", "--format", "json").stdout) == []
    # a new version of the file (re-crawl) keeps the analysts' decisions
    changed = CASE.read_text().replace("2024-06,https", "2024-06-20,https")
    again = CASE.parent.parent.parent / "_tmp_case.csv"
    try:
        again.write_text(changed)
        cli("import-observations", again)
    finally:
        again.unlink()
    assert _share(cli, "--attribution", "hq") == {"CN": 2, "US": 2}
    who = {(o.action, o.created_by) for o in session.scalars(select(AnalystOverride))}
    assert who == {("org_add", "tester"), ("org_alias", "tester"), ("org_set_parent", "tester")}


def test_people_review_queue_merges_only_on_request(cli, session, tmp_path):
    facts = tmp_path / "people.csv"
    facts.write_text(
        "body,group_code,role,person,organization,country,as_of,source_url\n"
        "ITU-T,SG13,Vice-chairman,Mr. Yutaka MIYAKE,KDDI,Japan,2023-01,https://example.org/a\n"
        "ITU-T,SG17,Chairman,Yutaka Miyake,KDDI,Japan,2023-01,https://example.org/b\n"
        "3GPP,RAN3,Chairman,P. Reininger,HuaWei Technologies,,2015-01,https://example.org/c\n"
        "3GPP,RAN,Vice Chairman,Philippe Reininger,HuaWei Technologies,,2015-01,https://example.org/d\n",
        encoding="utf-8",
    )
    cli("import-observations", facts)
    # same person across pages and bodies: one identity; initials: only a candidate
    assert session.scalar(select(func.count(Person.id))) == 3
    rows = json.loads(cli("people", "review", "--format", "json").stdout)
    assert [(r["name_a"], r["name_b"]) for r in rows] == [("P. Reininger", "Philippe Reininger")]
    assert session.scalar(select(func.count(Person.id))) == 3  # nothing merged by itself
    keep, drop = rows[0]["person_b"], rows[0]["person_a"]
    cli("people", "merge", keep, drop, "--by", "tester")
    session.expire_all()
    assert session.scalar(select(func.count(Person.id))) == 2
    posts = session.scalars(select(Post).where(Post.person_id == keep)).all()
    assert len(posts) == 2 and all(f"p:{session.get(Person, keep).match_key}" in p.key for p in posts)
    # the queue entry goes with the merged person; the decision stays in the audit log
    assert session.scalar(select(func.count(PersonReview.id))) == 0
    merged = session.scalar(select(AnalystOverride).where(AnalystOverride.action == "person_merge"))
    assert merged.created_by == "tester" and merged.value["name"] == "P. Reininger"
    assert json.loads(cli("people", "review", "--format", "json").stdout) == []


def test_changed_fallback_order_applies_after_orgs_reattribute(cli, tmp_path, monkeypatch):
    """The default country is fixed at import; `orgs reattribute` recomputes it under the
    fallback order config/tracker.toml has now."""
    import shutil

    import tracker.config
    from tracker.paths import CONFIG_DIR

    cli("import-observations", CASE)
    assert _share(cli) == {"IT": 1, "GB": 1, "JP": 1, "unattributed": 1}  # listed first
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    toml = config / "tracker.toml"
    toml.write_text(toml.read_text().replace(
        'fallback = ["listed", "member_body", "hq", "registration", "partner_org"]',
        'fallback = ["registration", "listed", "member_body", "hq", "partner_org"]'))
    monkeypatch.setattr(tracker.config, "CONFIG_DIR", config)
    tracker.config.load_settings.cache_clear()
    try:
        assert _share(cli) == {"IT": 1, "GB": 1, "JP": 1, "unattributed": 1}  # not yet
        cli("orgs", "reattribute")
        # Huawei and Qualcomm are registered in CN and US; the unknown company's post keeps
        # its listed JP (the next basis in the order)
        assert _share(cli) == {"CN": 1, "US": 1, "JP": 1, "unattributed": 1}
        rows = json.loads(cli("share", "--body", "ITU-T", "--as-of", "2024-06-15", "--format", "json").stdout)
        assert {r["country"]: r["basis"] for r in rows}["CN"] == "registration"
    finally:
        tracker.config.load_settings.cache_clear()


def test_orgs_country_options_take_real_alpha2_codes(cli, session):
    """--hq / --registration are ISO 3166-1 alpha-2 codes (any case, stored upper case); other
    text is a usage error that stores nothing, so share never shows "ZZ" as a country."""
    from db.models import Organization

    cli("import-observations", CASE)
    for option, value in (("--hq", "ZZ"), ("--hq", "United States"), ("--registration", "zz"),
                          ("--registration", "USA")):
        result = cli("orgs", "add", "zgc-lab", "Zhongguancun Example Lab", option, value, ok=False)
        assert result.exit_code == 2, (option, value, result.output)
        assert f"{value!r} is not an ISO 3166-1 alpha-2 country code" in result.output
    assert session.scalar(select(Organization).where(Organization.key == "zgc-lab")) is None
    cli("orgs", "add", "zgc-lab", "Zhongguancun Example Lab", "--hq", "cn", "--registration", "cn")
    org = session.scalar(select(Organization).where(Organization.key == "zgc-lab"))
    assert (org.hq_country, org.registration_country) == ("CN", "CN")
    assert _share(cli, "--attribution", "hq") == {"CN": 2, "US": 1, "unattributed": 1}
    result = cli("orgs", "show", "Huawei", "--country", "Narnia", ok=False)
    assert result.exit_code == 2 and "'Narnia' is no country" in result.output
    assert "Huawei" in cli("orgs", "show", "Huawei", "--country", "China").stdout


def test_report_filters_refuse_what_matches_nothing(cli):
    """Unknown filter values are usage errors (exit 2), not an empty answer; country codes
    are taken in any case; staff never counts in a share."""
    cli("import-observations", CASE)
    staff = cli("share", "--body", "ITU-T", "--role", "staff", ok=False)
    assert staff.exit_code == 2 and "staff never counts" in staff.output
    editors = cli("share", "--role", "chair,editor", ok=False)
    assert editors.exit_code == 2 and "['editor'] are not leadership roles" in editors.output
    kind = cli("events", "--kind", "nonsense", ok=False)
    assert kind.exit_code == 2 and "'nonsense' is not one of" in kind.output
    assert cli("events", "--kind", "appointment", "--kind", "departure").exit_code == 0
    for command in ("share", "posts", "events", "proposals"):
        nope = cli(command, "--group-family", "NOPE", ok=False)
        assert nope.exit_code == 2 and "'NOPE' is neither a family" in nope.output, command
    assert _share(cli, "--group-family", "SG99") == {"IT": 1, "GB": 1, "JP": 1, "unattributed": 1}
    assert _share(cli, "--group-family", "FG-AI") == {}  # a configured family, none stored
    listed = json.loads(cli("posts", "--country", "IT", "--format", "json").stdout)
    assert [p["holder"] for p in listed] == ["Paolo Gemma"]
    assert json.loads(cli("posts", "--country", "it", "--format", "json").stdout) == listed
    assert len(json.loads(cli("posts", "--country", "Unattributed", "--format", "json").stdout)) == 1
    bad = cli("posts", "--country", "ZZ", ok=False)
    assert bad.exit_code == 2 and "'ZZ' is not an ISO 3166-1 alpha-2 country code" in bad.output

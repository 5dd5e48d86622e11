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

"""Curated facts: the 2021 CASI table and the public roster facts, each fact with its source."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select

from db.models import Observation, Post, Snapshot
from tests.conftest import ROOT

REFERENCE = ROOT / "datasets" / "reference"
CASI = REFERENCE / "monograph_itu_ai_focus_groups_2021.csv"
ROSTERS = REFERENCE / "public_rosters.csv"


def _json(cli, *args):
    return json.loads(cli(*args, "--format", "json").stdout)


def test_casi_table_gives_the_chinese_posts_of_2021(cli):
    cli("import-observations", CASI)
    rows = _json(cli, "share", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", "2021-06-30")
    counts = {r["country"]: r["posts"] for r in rows}
    # 15 of the 18 rows are stated for 2021; the three FG-ML5G rows are stated for 2020 (the FG
    # closed in 2020).  Sun Qi's O-RAN Alliance has no country in the table, and an
    # international consortium's seat is not a nationality: unattributed, and shown as such.
    assert counts == {"CN": 14, "unattributed": 1}
    assert {r["basis"] for r in rows if r["country"] == "CN"} == {"hq"}
    in_2020 = _json(cli, "share", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", "2020-06-30")
    assert [(r["country"], r["posts"]) for r in in_2020] == [("CN", 3)]
    posts = _json(cli, "posts", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", "2021-06-30",
                  "--country", "CN")
    assert len(posts) == 14
    assert all(p["source_url"].startswith("Sullivan") for p in posts)
    gemma = next(p for p in posts if p["holder"] == "Paolo Gemma")
    assert (gemma["group"], gemma["role"], gemma["organization"]) == ("FG-AI4EE", "chair", "Huawei")
    wg = next(p for p in posts if p["holder"] == "Yuan Liya")
    assert wg["group"] == "FG-AN/WG3 Proof of concepts" and wg["role"] == "wg_chair"
    # nothing is printed beside these names: under the `listed` basis they are unattributed
    listed = _json(cli, "share", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", "2021-06-30",
                   "--attribution", "listed")
    assert [(r["country"], r["posts"]) for r in listed] == [("unattributed", 15)]
    # outside the year the table speaks for, nothing is claimed
    assert _json(cli, "share", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", "2023-01-01") == []


def test_bad_rows_are_reported_with_line_numbers_and_nothing_written(cli, session):
    result = cli("import-observations", ROSTERS, ok=False)
    assert result.exit_code == 1
    assert "public_rosters.csv:45: role 'Communications Officer'" in result.stderr
    assert "public_rosters.csv:60: no date" in result.stderr
    assert session.scalar(select(func.count(Post.id))) == 0
    ok = cli("import-observations", ROSTERS, "--skip-invalid")
    assert "4 row(s) skipped" in ok.stderr
    n = session.scalar(select(func.count(Post.id)))
    assert n > 140  # 153 of 157 rows
    again = cli("import-observations", ROSTERS, "--skip-invalid")
    assert "duplicate" in again.stderr
    assert session.scalar(select(func.count(Post.id))) == n


def test_public_roster_fact_keeps_its_source(cli):
    cli("import-observations", ROSTERS, "--skip-invalid")
    out = cli("posts", "--body", "ITU-T", "--as-of", "2017-03-30", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    nakao = next(r for r in rows if r["holder"] == "Koji Nakao")
    assert nakao["group"] == "WP2/17" and nakao["country"] == "JP" and nakao["country_basis"] == "listed"
    assert nakao["source_url"] == "https://www.itu.int/en/ITU-T/studygroups/2017-2020/17/Pages/1703-summary.aspx"


HEADER = "body,group_code,role,person,organization,country,as_of,source_url\n"
SG77 = [("Chairman", "Alice Martin", "FR"), ("Vice-chairman", "Bob Stone", "GB"),
        ("Vice-chairman", "Carl Chen", "CN"), ("Vice-chairman", "Dana Diaz", "ES"),
        ("Vice-chairman", "Eve Evans", "US")]


def _facts(path, group, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"ITU-T,{group},{role},{person},,{cc},2021,https://example.org/{group}\n"
                                     for role, person, cc in rows), encoding="utf-8")
    return path


def _holders(session):
    return sorted(session.scalars(select(Post.holder_label)))


def test_unrelated_file_with_the_same_base_name_is_refused(cli, session, tmp_path):
    a = _facts(tmp_path / "a" / "facts.csv", "SG77", SG77)
    sg88 = [(role, f"Zed {person}", "DE") for role, person, _ in SG77]  # other people, other group
    b = _facts(tmp_path / "b" / "facts.csv", "SG88", sg88)
    cli("import-observations", a)
    refused = cli("import-observations", b, ok=False)
    assert refused.exit_code == 1 and "shares no fact" in refused.stderr and "--dataset" in refused.stderr
    assert _holders(session) == sorted(p for _, p, _ in SG77)
    # under its own dataset name both sets of facts are kept
    cli("import-observations", b, "--dataset", "sg88-facts")
    assert _holders(session) == sorted(p for _, p, _ in SG77 + sg88)
    # a new version of a dataset that shares facts with it replaces them
    cli("import-observations", _facts(tmp_path / "c" / "facts.csv", "SG77", [*SG77[:4], ("Vice-chairman", "Ola Olsen", "NO")]))
    assert _holders(session) == sorted([p for _, p, _ in SG77[:4] + sg88] + ["Ola Olsen"])
    # --replace: the operator says the unrelated file is the dataset's new version
    cli("import-observations", b, "--replace")
    assert _holders(session) == sorted(p for _, p, _ in sg88 + sg88)


def test_messages_and_exit_status_say_what_was_imported(cli, session, tmp_path):
    full = _facts(tmp_path / "v1" / "facts.csv", "SG77", SG77)
    first = cli("import-observations", full)
    assert "5 fact(s) imported" in first.stderr and "0 row(s) skipped" in first.stderr
    again = cli("import-observations", full)
    assert "duplicate" in again.stderr and "nothing imported" in again.stderr and "imported into" not in again.stderr
    shorter = cli("import-observations", _facts(tmp_path / "v2" / "facts.csv", "SG77", SG77[:3]), ok=False)
    assert shorter.exit_code == 3
    assert "suspect" in shorter.stderr and "nothing imported" in shorter.stderr
    assert "imported into" not in shorter.stderr
    assert _holders(session) == sorted(p for _, p, _ in SG77)


def test_curated_facts_are_observed_by_their_snapshot(cli, session, tmp_path):
    cli("import-observations", _facts(tmp_path / "facts.csv", "SG77", SG77))
    snap = session.scalar(select(Snapshot).where(Snapshot.scope == "curated:facts.csv"))
    observed = set(session.scalars(select(Observation.post_id).where(Observation.snapshot_id == snap.id)))
    assert observed == set(session.scalars(select(Post.id))) and len(observed) == 5

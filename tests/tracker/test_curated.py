"""Curated facts: the 2021 CASI table and the public roster facts, each fact with its source."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select

from db.models import Post
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

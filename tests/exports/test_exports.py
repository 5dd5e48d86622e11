"""Exports read back in every format and compared with the store; formulas come out inert."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from db.models import ChangeEvent, Post
from tests.conftest import FIXTURES, ROOT, iso_snapshot
from tracker.queries.filters import active_at

CURATED = FIXTURES / "curated"


@pytest.fixture
def loaded(cli):
    for d in ("2025-06-12", "2025-07-01", "2025-07-02"):
        cli("ingest", "iso-open-data", iso_snapshot(d))
    return cli


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_posts_export_matches_store(loaded, session, tmp_path, fmt):
    out = tmp_path / f"posts.{fmt}"
    loaded("export", "posts", "--format", fmt, "--out", out, "--body", "ISO")
    frame = {"csv": pd.read_csv, "parquet": pd.read_parquet, "xlsx": pd.read_excel}[fmt](out)
    assert len(frame) == session.scalar(select(func.count(Post.id)))
    assert frame["source_url"].notna().all() and frame["retrieved_at"].notna().all()
    tc157 = frame[frame["group"] == "ISO/TC 157"].sort_values("valid_from")
    assert list(tc157["holder"]) == ["DSM", "BIS"]
    assert list(tc157["country_member_body"]) == ["MY", "IN"]
    assert set(frame["country_basis"].dropna()) == {"member_body"}


def test_posts_as_of_and_events(loaded, session, tmp_path):
    out = tmp_path / "posts.csv"
    loaded("export", "posts", "--out", out, "--as-of", "2025-06-12", "--role", "secretariat")
    assert len(pd.read_csv(out)) == 767  # the secretariats share counts that day (+1 vacant)
    loaded("export", "posts", "--out", out, "--as-of", "2025-06-12", "--role", "secretariat",
           "--include-inactive")
    assert len(pd.read_csv(out)) == 784  # every secretariat held that day, active or not
    ev = tmp_path / "events.csv"
    loaded("export", "events", "--out", ev, "--body", "ISO")
    frame = pd.read_csv(ev)
    assert len(frame) == session.scalar(select(func.count(ChangeEvent.id)))
    assert set(frame["kind"]) == {"secretariat_transfer", "group_created"}
    assert frame["source_url"].str.startswith("file://").all()


def test_posts_as_of_lists_exactly_the_posts_share_counts(loaded, session, tmp_path):
    """A second source (the curated public rosters) shows ISO secretariats again: `posts
    --as-of` and `export posts --as-of` list each post once, as `share` counts it."""
    loaded("import-observations", "--skip-invalid", ROOT / "datasets/reference/public_rosters.csv")
    day = "2025-07-01"
    twice = select(Post.key).where(Post.role == "secretariat", active_at(Post, dt.date(2025, 7, 1)))
    twice = session.scalar(select(func.count()).select_from(
        twice.group_by(Post.key).having(func.count(Post.id) > 1).subquery()))
    assert twice > 30  # the same secretariats through two sources
    for inactive in ((), ("--include-inactive",)):
        args = ("--body", "ISO", "--role", "secretariat", "--as-of", day, *inactive)
        share = {r["country"]: r["posts"]
                 for r in json.loads(loaded("share", *args, "--format", "json").stdout)}
        posts = json.loads(loaded("posts", *args, "--format", "json").stdout)
        listed = pd.Series([p["country"] or "unattributed" for p in posts]).value_counts()
        assert listed.to_dict() == {k: v for k, v in share.items() if k != "vacant"}, inactive
        for country in ("CN", "US", "DE"):
            rows = json.loads(loaded("posts", *args, "--country", country, "--format", "json").stdout)
            assert len(rows) == share[country], (country, inactive)
        out = tmp_path / "posts.csv"
        loaded("export", "posts", "--out", out, *args)
        assert len(pd.read_csv(out)) == len(posts)


def test_formula_cells_are_inert_in_csv_and_xlsx(cli, tmp_path):
    facts = tmp_path / "facts.csv"
    facts.write_text(
        "body,group_code,group_name,role,person,organization,country,as_of,source_url\n"
        'ITU-T,SG17,@SUM(A1:A9),Chairman,=Jane Doe,"=HYPERLINK(""http://evil"")",Japan,2024,https://example.org/a\n',
        encoding="utf-8",
    )
    cli("import-observations", facts)
    csv_out, xlsx_out = tmp_path / "p.csv", tmp_path / "p.xlsx"
    cli("export", "posts", "--out", csv_out, "--excel")
    cli("export", "posts", "--out", xlsx_out, "--format", "xlsx")
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    row = pd.read_csv(csv_out, encoding="utf-8-sig").iloc[0]
    assert row["organization"] == "'=HYPERLINK(\"http://evil\")"
    assert row["group_name"] == "'@SUM(A1:A9)"
    assert row["holder"].startswith("'=")  # a person's name beginning with = is inert too
    sheet = openpyxl.load_workbook(xlsx_out).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("organization") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_groups_export(loaded, tmp_path):
    out = tmp_path / "groups.parquet"
    loaded("export", "groups", "--format", "parquet", "--out", out)
    frame = pd.read_parquet(out)
    sc42 = frame[frame["code"] == "ISO/IEC JTC 1/SC 42"].iloc[0]
    assert sc42["parent"] == "ISO/IEC JTC 1" and "AI" in sc42["families"]
    # provenance: the last page that listed each group (the 2025-07-02 feed lists SC 42)
    assert frame["source_url"].str.startswith("file://").all()
    assert sc42["source_url"].endswith("iso_technical_committees-2025-07-02.jsonl.gz")
    assert frame["retrieved_at"].notna().all()
    assert json.loads(json.dumps(list(frame.columns)))[:3] == ["group_id", "body", "code"]


def test_events_export_attribution_and_bases(loaded, tmp_path):
    """--attribution sets the country columns of events; every country has its basis."""
    from tests.alerts.servers import BEFORE, US_VC_GONE, ingest

    out = tmp_path / "events.csv"

    def export(*args):
        loaded("export", "events", "--out", out, *args)
        return pd.read_csv(out, dtype=str, keep_default_na=False)

    default = export("--body", "ISO")
    transfers = default[default["kind"] == "secretariat_transfer"]
    assert len(transfers) == 2 and (transfers["country"] != "").all()
    assert set(transfers["country_basis"]) == set(transfers["previous_country_basis"]) == {"member_body"}
    listed = export("--body", "ISO", "--attribution", "listed")  # ISO lists no person's country
    transfers = listed[listed["kind"] == "secretariat_transfer"]
    assert set(transfers["country"]) == set(transfers["previous_country"]) == {""}
    assert set(transfers["country_basis"]) == {"listed"}
    by_body = export("--body", "ISO", "--attribution", "member_body")
    assert by_body[["country", "previous_country"]].equals(default[["country", "previous_country"]])

    ingest(BEFORE, dt.date(2025, 3, 1))
    ingest(US_VC_GONE, dt.date(2025, 4, 1))  # the US vice-chair leaves
    (gone,) = export("--body", "ITU-T").query("kind == 'departure'").itertuples()
    assert (gone.previous_holder, gone.previous_country, gone.previous_country_basis) == (
        "Emily Carter", "US", "listed")
    assert (gone.country, gone.country_basis) == ("", "")


def test_export_mistakes_are_usage_errors(cli, tmp_path):
    """A missing output folder, a role that never counts in a share and an unknown group
    family are one clear line and exit 2 (no traceback, no file, no folder created)."""
    missing = tmp_path / "no" / "such" / "dir" / "x.csv"
    result = cli("export", "posts", "--out", missing, ok=False)
    assert result.exit_code == 2 and "does not exist; create it first" in result.output
    assert not missing.parent.exists()
    out = tmp_path / "shares.csv"
    staff = cli("export", "shares", "--role", "staff", "--out", out, ok=False)
    assert staff.exit_code == 2 and "staff never counts" in staff.output
    family = cli("export", "shares", "--group-family", "NOPE", "--out", out, ok=False)
    assert family.exit_code == 2 and "'NOPE' is neither a family" in family.output
    assert not out.exists()
    cli("export", "posts", "--role", "staff", "--out", out)  # the history lists staff

"""Exports read back in every format and compared with the store; formulas come out inert."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from db.models import ChangeEvent, Post
from tests.conftest import FIXTURES, iso_snapshot

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
    assert len(pd.read_csv(out)) == 784  # every secretariat held that day, active or not
    ev = tmp_path / "events.csv"
    loaded("export", "events", "--out", ev, "--body", "ISO")
    frame = pd.read_csv(ev)
    assert len(frame) == session.scalar(select(func.count(ChangeEvent.id)))
    assert set(frame["kind"]) == {"secretariat_transfer", "group_created"}
    assert frame["source_url"].str.startswith("file://").all()


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
    assert json.loads(json.dumps(list(frame.columns)))[:3] == ["group_id", "body", "code"]

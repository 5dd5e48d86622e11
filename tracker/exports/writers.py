"""Write row streams as CSV (streamed), Parquet or XLSX, with spreadsheet formulas made inert.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula by Excel or LibreOffice (CSV injection); such text gets a leading ``'``.
Numbers are never touched.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "parquet", "xlsx")


def inert(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_rows(rows: Iterable[dict], columns: Sequence[str], path: Path, fmt: str, bom: bool = False) -> int:
    """Write ``rows`` to ``path``; returns the number of rows written."""
    if fmt == "csv":
        return _csv(rows, columns, path, bom)
    import pandas as pd

    frame = pd.DataFrame(
        [[inert(r.get(c)) if fmt == "xlsx" else r.get(c) for c in columns] for r in rows],
        columns=list(columns),
    )
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name="data")
            sheet = writer.sheets["data"]
            for row in sheet.iter_rows(min_row=2):
                for cell in row:  # keep neutralised text as text, never a formula
                    if isinstance(cell.value, str) and cell.value.startswith("'"):
                        cell.data_type = "s"
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return len(frame)


def _csv(rows: Iterable[dict], columns: Sequence[str], path: Path, bom: bool) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else inert(r.get(c)) for c in columns])
            n += 1
    return n

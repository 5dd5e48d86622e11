"""Records already in the contract of ``docs/records.md``, one JSON object per line.

Used for curated facts converted from CSV, for feeds that other tools produce, and for
tests.  Every line is checked: a line without the required fields is a ``LayoutChanged``.
"""

from __future__ import annotations

import json

from crawlers.parsers.common import LayoutChanged, decode
from tracker.normalise.roles import normalise_role

PARSER_VERSION = "1"
REQUIRED = {
    "post": ("body", "group", "role_raw"),
    "group": ("body", "group"),
    "contribution": ("body", "group", "document", "sources"),
}


def parse(body: bytes | str, url: str) -> list[dict]:
    records = []
    for lineno, line in enumerate(decode(body).splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LayoutChanged(f"line {lineno}: not JSON ({exc.msg})") from exc
        kind = rec.get("kind") if isinstance(rec, dict) else None
        missing = [f for f in REQUIRED.get(kind, ("kind",)) if not rec.get(f)]
        if missing:
            raise LayoutChanged(f"line {lineno}: {kind or 'record'} without {missing}")
        if kind == "post":
            rec.setdefault("role", normalise_role(rec["role_raw"]))
        rec.setdefault("source_url", url)
        records.append(rec)
    return records

"""ISO Open Data, technical committees feed (JSON Lines, optionally gzip-compressed).

One JSON object per committee: ``id``, ``reference``, ``status``, ``title{en,fr}``,
``secretariat{id,acronym}``, ``creationDate``, ``parentId``, ``childrenId``, … (SOURCES.md 2.1).
Absent keys and ``null`` mean the same.  Returns a ``group`` record per committee and a
``secretariat`` post record per committee that names a secretariat member body.
"""

from __future__ import annotations

import gzip
import json
import zlib

from crawlers.parsers.common import ErrorPage, LayoutChanged, ParseError, clean, post_record

PARSER_NAME = "iso-open-data"
PARSER_VERSION = "1"
BODY = "ISO"


def _text(value) -> str:
    if isinstance(value, bytes):
        if value[:2] == b"\x1f\x8b":
            try:
                value = gzip.decompress(value)
            except (EOFError, OSError, zlib.error) as exc:  # cut off or corrupt
                raise ParseError(f"truncated or corrupt gzip feed: {exc}") from exc
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"feed is not UTF-8 JSON Lines: {exc}") from exc
    return value


def _kind(reference: str) -> str:
    """The committee type from its reference: last known token (``ISO/TC 20/SC 1`` -> SC)."""
    kinds = ("SC", "JTC", "TC", "PC", "WS", "TMBG", "JSyC", "SyC", "JPC")
    tokens = [t for t in reference.replace("/", " ").split() if t in kinds]
    return tokens[-1] if tokens else "committee"


def parse(body: bytes | str, url: str) -> list[dict]:
    """Parse the feed into group and secretariat records (pure; raises on a broken feed)."""
    text = _text(body)
    stripped = text.lstrip()
    if stripped[:1] == "<":
        raise ErrorPage("expected JSON Lines, got an HTML/XML page (error or login page?)")
    records: list[dict] = []
    by_id: dict[int, str] = {}
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LayoutChanged(f"line {lineno}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "reference" not in row or "id" not in row:
            raise LayoutChanged(f"line {lineno}: no 'id'/'reference' field; feed layout changed?")
        rows.append(row)
        by_id[row["id"]] = clean(row["reference"])
    for row in rows:
        reference = clean(row["reference"])
        title = row.get("title") or {}
        parent = by_id.get(row.get("parentId")) if row.get("parentId") else None
        records.append(
            {
                "kind": "group",
                "body": BODY,
                "group": reference,
                "group_name": clean(title.get("en") if isinstance(title, dict) else title),
                "group_kind": _kind(reference),
                "status": clean(row.get("status")),
                "parent_group": parent,
                "created": clean(row.get("creationDate")),
                "identifiers": {"iso-id": str(row["id"])},
                "parent_identifiers": (
                    {"iso-id": str(row["parentId"])} if row.get("parentId") else None
                ),
                "source_url": url,
            }
        )
        secretariat = row.get("secretariat") or {}
        acronym = clean(secretariat.get("acronym"))
        if acronym:
            records.append(
                post_record(
                    body=BODY,
                    group=reference,
                    role_raw="Secretariat",
                    source_url=url,
                    member_body=acronym,
                    identifiers={"iso-id": str(row["id"])},
                )
            )
    return records

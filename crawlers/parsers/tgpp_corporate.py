"""3GPP corporate groups (``https://www.3gpp.org/dynareport?code=corporate-groups.htm``).

SOURCES.md 4.1: the page exists and is the official subsidiary -> parent map (SEEN-IN-PAGE-TEXT);
its markup is UNVERIFIED-GUESS.  This parser reads the plausible shapes of such a report:

* a table found by its header cells: one naming the corporate group ("Corporate group",
  "Group name") and one naming members ("Member organisation", "Members", "Company"); an
  optional partner column ("Partner", "OP");
* either one row per member, the group cell written once (``rowspan`` or left blank below), or
  one row per group with the members in one cell separated by ``<br>``, ``<li>`` or ";".

The group cell is taken as the parent organisation, as printed.  One record per member that is
not the parent itself::

    {"kind": "corporate_link", "body": "3GPP", "organization": "HiSilicon Technologies",
     "parent": "Huawei Technologies Co., Ltd", "partner_org": "CCSA", "source_url": ...}

``corporate_link`` is not yet a kind in docs/records.md.  No table: ``LayoutChanged``; a
table without any link: ``NoRosterFound``.
"""

from __future__ import annotations

import re

from crawlers.parsers.common import LayoutChanged, NoRosterFound, clean
from crawlers.parsers.html import parse_html
from crawlers.parsers.tgpp_officials import table_grid

PARSER_NAME = "3gpp-corporate-groups"
PARSER_VERSION = "1"
BODY = "3GPP"

_SEP = " ;; "
_SPLIT = re.compile(r";+")


def _header(row: list[str | None]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, text in enumerate(row):
        key = (text or "").lower()
        if "partner" in key or key.strip() in ("op", "3gpp op"):
            cols.setdefault("partner", i)
        elif "member" in key or "subsidiar" in key or re.search(r"organi[sz]ation|company", key):
            cols.setdefault("member", i)
        elif "group" in key:
            cols.setdefault("group", i)
    return cols if {"group", "member"} <= cols.keys() else None


def _members(cell: str | None) -> list[str]:
    """The names in a cell, split at line breaks, list items and semicolons."""
    if not cell:
        return []
    return [m for m in (clean(x) for x in _SPLIT.split(cell)) if m]


def _append_text(el, text: str) -> None:
    """Add ``text`` after the element's last content (BeautifulSoup ``el.append(text)``)."""
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


def _cell(row: list[str | None], cols: dict[str, int], field: str) -> str | None:
    i = cols.get(field)
    return row[i] if i is not None and i < len(row) else None


def parse(body: bytes | str, url: str) -> list[dict]:
    """Parse the corporate-groups report into subsidiary -> parent links (pure)."""
    root = parse_html(body)
    for br in root.iter("br"):
        br.tail = _SEP + (br.tail or "")
    for li in root.iter("li"):
        _append_text(li, _SEP)
    for p in root.iter("p"):
        if next(p.iterancestors("td", "th"), None) is not None:
            _append_text(p, _SEP)
    records: list[dict] = []
    found = False
    for table in root.iter("table"):
        grid = table_grid(table)
        start = next((i for i, r in enumerate(grid[:5]) if _header(r)), None)
        if start is None:
            continue
        found = True
        cols = _header(grid[start])
        parent = None
        for row in grid[start + 1 :]:
            parent = (_members(_cell(row, cols, "group")) or [parent])[0]
            partners = _members(_cell(row, cols, "partner"))
            for k, member in enumerate(_members(_cell(row, cols, "member"))):
                if not parent or member.casefold() == parent.casefold():
                    continue
                records.append(
                    {
                        "kind": "corporate_link",
                        "body": BODY,
                        "organization": member,
                        "parent": parent,
                        "partner_org": partners[k] if k < len(partners) else None,
                        "source_url": url,
                    }
                )
    if not found:
        raise LayoutChanged(f"{url}: no table with corporate group / member headers")
    if not records:
        raise NoRosterFound(f"{url}: corporate groups table lists no member organisation")
    return records

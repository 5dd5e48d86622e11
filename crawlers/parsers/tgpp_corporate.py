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
from crawlers.parsers.html import marked_strings, parse_html
from crawlers.parsers.tgpp_officials import table_grid

PARSER_NAME = "3gpp-corporate-groups"
PARSER_VERSION = "1"
BODY = "3GPP"

_SEP = " ;; "
#: A member ends after these elements' content ("br" has none: its mark precedes the tail).
_MARKS = dict.fromkeys(("br", "li", "p"), _SEP)
_SPLIT = re.compile(r";+")
_ORGANISATION = re.compile(r"organi[sz]ation|company")


def _header(row: list[str | None]) -> dict[str, int] | None:
    """Field -> column when ``row`` has a corporate group and a member header cell."""
    cols: dict[str, int] = {}
    for i, text in enumerate(row):
        if not text:
            continue
        key = text.lower()  # grid texts are clean: no surrounding white space
        if "partner" in key or key in ("op", "3gpp op"):
            cols.setdefault("partner", i)
        elif (
            "member" in key
            or "subsidiar" in key
            or (("organi" in key or "company" in key) and _ORGANISATION.search(key))
        ):
            cols.setdefault("member", i)
        elif "group" in key:
            cols.setdefault("group", i)
    return cols if "group" in cols and "member" in cols else None


def _members(cell: str | None) -> list[str]:
    """The names in a (clean) grid cell, split at line breaks, list items and semicolons."""
    if not cell:
        return []
    if ";" not in cell:  # one name, clean already
        return [cell]
    return [m for m in (clean(x) for x in _SPLIT.split(cell)) if m]


def _cell_strings(cell) -> str:
    """The cell's strings joined by spaces, ";;" marking where one member ends: before each
    ``<br>``'s tail and after the content of each ``<li>`` and ``<p>``."""
    return " ".join(marked_strings(cell, _MARKS))


def parse(body: bytes | str, url: str) -> list[dict]:
    """Parse the corporate-groups report into subsidiary -> parent links (pure)."""
    root = parse_html(body)
    records: list[dict] = []
    found = False
    for table in root.iter("table"):
        grid = table_grid(table, _cell_strings)
        header = next(((i, c) for i, r in enumerate(grid[:5]) if (c := _header(r))), None)
        if header is None:
            continue
        start, cols = header
        found = True
        parent = None
        group_at, member_at, partner_at = cols["group"], cols["member"], cols.get("partner")
        if partner_at is None:
            partner_at = 1 << 30  # past the end of every row
        for row in grid[start + 1 :]:
            width = len(row)
            if group_at < width and (names := _members(row[group_at])):
                parent = names[0]
            if not parent or member_at >= width or not (members := _members(row[member_at])):
                continue
            partners = _members(row[partner_at]) if partner_at < width else []
            parent_key = parent.casefold()
            for k, member in enumerate(members):
                if member.casefold() != parent_key:
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

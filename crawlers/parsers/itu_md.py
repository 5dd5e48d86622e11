"""ITU-T meeting document listings: ``md/meetingdoc.asp?lang=en&parent=T25-SG17-250415-C&…``.

Page shape (SOURCES.md 1.3, VERIFIED-IN-PARSER-CODE in two public scrapers; never captured):
the ``<table>`` whose header row has ``<strong>`` cells ``Number``, ``Title``, ``Source`` and
``AI/Question`` (six or more columns).  Data rows follow; the last row is a pager with
``&PageLB={offset}`` links.  Number: ``<a href><strong>[ 123 ]</strong></a>`` (no link when not
uploaded) with an optional ``<font>(Rev.1)</font>``; Title, maybe ending "[from …]"; Source:
one ``<a>`` per co-source; AI/Question: one ``<a>`` per Question.  Pages may be iso8859-2.

Columns are located by their header text, not position.  One ``contribution`` record per
numbered row:

* ``meeting`` comes from the ``parent=`` URL parameter ("T25-SG17-250415"; None for a
  whole-period listing such as "T17-SG13-C"), ``group`` "SG17", ``period`` "2025-2028".
* ``document`` is the ITU's own global id: ``T25-SG17-C-0123`` for contributions (the form of
  ``itu.int/md/T25-SG17-C-0548/en``), ``T25-SG17-250415-TD-PLEN-0348`` for TDs (the form of
  ``…/T25-SG21-260706-TD-PLEN-0348/en``; for a plain ``-TD`` listing the series is unknown and
  the id is ``…-TD-0348``).  ``number`` is the integer, ``revision`` the "(Rev.n)" integer.
* ``type`` is "C" or "TD".  **TDs are not proposals** (they come from rapporteurs, editors and
  TSB): the importer must drop ``type == "TD"`` records; the parser still returns them so a
  TD listing parses without error and can be audited.
* ``sources`` keeps every co-source as printed; ``questions`` every Question link;
  ``title_from`` the "[from …]" note; ``uploaded`` whether the number is a link.

Failures: no table with the four header cells -> ``ErrorPage`` when the page reads as an error
page, else ``LayoutChanged``.  A listing with the header but no rows returns ``[]`` (a Question
without contributions) unless the page reads as an error page (``ErrorPage``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from crawlers.parsers.common import LayoutChanged, clean
from crawlers.parsers.html import get_text, parse_html
from crawlers.parsers.itu_common import (
    BODY,
    raise_if_error_page,
)
from crawlers.parsers.itu_periods import period_for_prefix, query_param, url_params

PARSER_NAME = "itu-md"
PARSER_VERSION = "2"  # 2: error-text check only without a listing
ENCODINGS = ("utf-8", "iso8859-2")

HEADERS = {"number": "number", "title": "title", "source": "source", "questions": "ai/question"}
_PARENT = re.compile(
    r"^(?P<prefix>T\d{2})-(?P<group>[A-Z]+\d*)(?:-(?P<date>\d{6}))?-(?P<kind>C|TD(?:-(?P<series>[A-Z]+\d*))?)$",
    re.I,
)
_NUMBER = re.compile(r"^\[?\s*(\d{1,5})\s*\]?")
_REV = re.compile(r"\bRev\.?\s*(\d+)", re.I)
_FROM = re.compile(r"\[\s*from\b([^\]]*)\]?", re.I)


def parse_parent(url: str) -> dict:
    """The parts of the ``parent=`` parameter ("T25-SG17-250415-TD-PLEN")."""
    m = _PARENT.match(url_params(url).get("parent", "").strip())
    if not m:
        raise ValueError(f"md listing URL without a readable parent= parameter: {url}")
    prefix, group, date = m.group("prefix").upper(), m.group("group").upper(), m.group("date")
    return {
        "prefix": prefix,
        "group": group,
        "meeting": f"{prefix}-{group}-{date}" if date else None,
        "type": "TD" if m.group("kind").upper().startswith("TD") else "C",
        "series": (m.group("series") or "").upper() or None,
        "period": period_for_prefix(prefix),
    }


Tag = etree._Element
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
# urljoin of a plain absolute path ("/md/T25-SG17-C-0101/en") is "scheme://netloc" + the path.
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~!$&'()*+,=@%-][A-Za-z0-9._~!$&'()*+,=@%-]*)+/?")


def _rows_by_table(doc: Tag) -> dict[Tag, list[Tag]]:
    """Each table's own rows (those whose nearest ``<table>`` ancestor it is), in one pass."""
    by_table: dict[Tag, list[Tag]] = {}
    for tr in doc.iter("tr"):
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is not None:
            by_table.setdefault(parent, []).append(tr)
    return by_table


def _cells(tr: Tag) -> list[Tag]:
    return [c for c in tr if c.tag == "td" or c.tag == "th"]


def _first(el: Tag, *tags: str) -> Tag | None:
    """The first descendant named one of ``tags`` (document order), else None."""
    if not len(el):
        return None
    if el[0].tag in tags:  # the first child comes first in document order
        return el[0]
    return next(el.iterdescendants(*tags), None)


def _header_columns(tr: Tag) -> dict[str, int] | None:
    """Column index per field when this row is the header row (strong-text cells)."""
    cells = _cells(tr)
    if len(cells) < 6:
        return None
    first: dict[str, int] = {}  # squeezed lower-case strong text -> first column
    for i, cell in enumerate(cells):
        strong = _first(cell, "strong", "b")
        text = (clean(get_text(strong, " ")) if strong is not None else "") or ""
        first.setdefault(text.lower().replace(" ", ""), i)
    found = {field: first[label] for field, label in HEADERS.items() if label in first}
    return found if len(found) == len(HEADERS) else None


def find_table(doc: Tag) -> tuple[Tag, int, dict[str, int], list[Tag]]:
    """(table, header row index, columns, rows after the header) of the documents table.

    Raises ``LayoutChanged`` when no table has the header row among its first four rows.
    """
    by_table = _rows_by_table(doc)
    for table in doc.iter("table"):
        rows = by_table.get(table, [])
        for i, tr in enumerate(rows[:4]):
            columns = _header_columns(tr)
            if columns:
                return table, i, columns, rows[i + 1 :]
    raise LayoutChanged("md listing: no table with Number / Title / Source / AI/Question headers")


def _links_or_text(cell: Tag) -> list[str]:
    links = [
        x
        for a in cell.iterdescendants("a")
        if (x := clean(get_text(a, " ") if len(a) else a.text))  # a leaf link: its own text
    ]
    if links:
        return links
    return [x for x in (clean(p) for p in get_text(cell, "\n").split("\n")) if x]


_HREFS = etree.XPath("descendant::a/@href")  # smart strings: .getparent() is the <a>


def _pager_rows(table: Tag) -> set[Tag]:
    """Every row around a link whose href holds "PageLB=" in any case (the pager row)."""
    # str.lower() gives ASCII only for U+0130 and U+212A, so this is a case-insensitive match
    return {
        tr
        for href in _HREFS(table)
        if "pagelb=" in href.lower()
        for tr in href.getparent().iterancestors("tr")
    }


def _url_joiner(url: str) -> Callable[[str], str]:
    """``urljoin(url, href)``, with plain absolute paths joined without re-parsing ``url``."""
    base = urlsplit(url)
    if base.scheme not in ("http", "https") or not base.netloc:
        return lambda href: urljoin(url, href)
    origin = f"{base.scheme}://{base.netloc}"
    return lambda href: origin + href if _PLAIN_PATH.fullmatch(href) else urljoin(url, href)


def _row(
    cells: list[Tag], columns: dict[str, int], parent: dict, url: str, join: Callable[[str], str]
) -> dict | None:
    num_cell = cells[columns["number"]]
    num_text = get_text(num_cell, " ")
    m = _NUMBER.match(clean(num_text) or "")
    if not m:
        return None
    number = int(m.group(1))
    font = link = None
    for el in num_cell.iterdescendants("font", "a"):
        if font is None and el.tag == "font":
            font = el
        elif link is None and el.tag == "a" and el.get("href") is not None:
            link = el
    rev = _REV.search(get_text(font, " ") if font is not None else num_text)
    title_text = clean(get_text(cells[columns["title"]], " ")) or ""
    from_note = _FROM.search(title_text) if "[" in title_text else None
    title = clean(title_text[: from_note.start()]) if from_note else title_text or None
    if parent["type"] == "C":
        document = f"{parent['prefix']}-{parent['group']}-C-{number:04d}"
    else:
        series = f"-{parent['series']}" if parent["series"] else ""
        meeting = parent["meeting"] or f"{parent['prefix']}-{parent['group']}"
        document = f"{meeting}-TD{series}-{number:04d}"
    # The fields of common.contribution_record, built directly: every value is clean already.
    return {
        "kind": "contribution",
        "body": BODY,
        "group": parent["group"],
        "meeting": parent["meeting"],
        "document": document,
        "sources": _links_or_text(cells[columns["source"]]),
        "source_url": url,
        "title": title,
        "title_from": clean(from_note.group(1)) if from_note else None,
        "questions": _links_or_text(cells[columns["questions"]]),
        "type": parent["type"],
        "td_series": parent["series"],
        "number": number,
        "revision": int(rev.group(1)) if rev else None,
        "uploaded": link is not None,
        "document_url": join(link.get("href")) if link is not None else None,
        "period": parent["period"],
    }


def parse(body: bytes | str, url: str) -> list[dict]:
    """One record per listed document (see the module docstring)."""
    parent = parse_parent(url)
    doc = parse_html(body, ENCODINGS)
    table, _header, columns, rows = _checked_table(doc)
    width = max(columns.values()) + 1
    pager_rows = _pager_rows(table)
    join = _url_joiner(url)
    records = []
    for tr in rows:
        cells = _cells(tr)
        if len(cells) < width or tr in pager_rows:
            continue  # pager, spacer or note row
        record = _row(cells, columns, parent, url, join)
        if record:
            records.append(record)
    if not records:
        raise_if_error_page(doc)  # an error page dressed as an empty listing is no listing
    return records


def _checked_table(doc: Tag) -> tuple[Tag, int, dict[str, int], list[Tag]]:
    """:func:`find_table`; when there is no such table, an error page raises ``ErrorPage`` first.

    The error-text check is left out when the listing table is there (and, in ``parse``, lists
    documents): a document title such as "… access denied …" on a short page must not turn a
    listing into an "error page".
    """
    try:
        return find_table(doc)
    except LayoutChanged:
        raise_if_error_page(doc)
        raise


def page_offset(url: str) -> int:
    """The ``PageLB=`` offset of a listing URL (0 when absent)."""
    value = query_param(url, "PageLB") or "0"
    return int(value) if value.isdigit() else 0


def next_page_url(body: bytes | str, url: str) -> str | None:
    """The URL of the next listing page, read from the pager's ``PageLB`` links, else None.

    The next page is the smallest linked offset above the current one; it is built from the
    current URL (other parameters kept) so relative or odd pager hrefs do not matter.
    """
    doc = parse_html(body, ENCODINGS)
    table = _checked_table(doc)[0]
    current = page_offset(url)
    offsets = {
        page_offset(urljoin(url, a.get("href")))
        for a in table.iterdescendants("a")
        if a.get("href") is not None
    }
    later = sorted(o for o in offsets if o > current)
    if not later:
        return None
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "pagelb"
    ]
    query.append(("PageLB", str(later[0])))
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))

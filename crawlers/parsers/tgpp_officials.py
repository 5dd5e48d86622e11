"""3GPP plenary report annexes: "Co-ordinates of TSG and WG Officials" (SOURCES.md 4.1).

Page shape (SEEN-IN-PAGE-TEXT, HTML UNVERIFIED): each TSG plenary report has an annex page, e.g.
``https://3gpp.org/ftp/tsg_sa/TSG_SA/TSGS_87E_Electronic/Report/Report_Annexes.htm``, exported
from Word (``<td><p class=MsoNormal><span>…``), with one table whose header row reads
``GRP | Position | Name | Organization | PartnerOrg | PhoneFix | PhoneMob | appointed | Remarks``.
The table is found by its header cells (case-insensitive, any row of the first five, so a title
row above the header is fine); phone/fax/e-mail columns are ignored, so extra or missing ones
do not matter; ``rowspan``/``colspan`` are expanded.

One ``post`` record per official row.  Decisions:

* An empty Name cell keeps the row (the post and its organisation are still facts) with
  ``person: None`` and ``person_missing: True``; "vacant"/"tbd" gives ``vacant: True`` instead.
* A blank GRP cell continues the group of the row above (Word tables write it once); such
  records carry ``group_carried: True``.  A row with a single filled cell is a sub-heading.
* ``observed_on`` is the report date printed outside the table: a "Date:" label, else the
  last day of the meeting's date range ("17 – 20 March 2020"); ``None`` when not printed.
* No country is printed, so ``country`` is always ``None`` (attribution happens later).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from lxml import etree

from crawlers.parsers.common import (
    ErrorPage,
    LayoutChanged,
    NoRosterFound,
    clean,
)
from crawlers.parsers.html import NO_TEXT, get_text, parse_html, strings
from crawlers.parsers.tgpp_groups import normalise_group, parent_of
from tracker.normalise.roles import normalise_role

PARSER_NAME = "3gpp-officials"
PARSER_VERSION = "1"
BODY = "3GPP"

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_MON = r"([A-Za-z]{3,9})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
#: Date forms, tried in order: pattern; group index of year, month number, month name, day;
#: a pattern the text must contain for the form to match (``None``: no cheap pre-check).
_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), 0, 1, None, 2, re.compile("-")),
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), 2, 1, None, 0, re.compile("[./]")),
    (re.compile(_DAY + r"\s+" + _MON + r",?\s+(\d{4})"), 2, None, 1, 0, None),
    (re.compile(_MON + r"\s+" + _DAY + r",?\s+(\d{4})"), 2, None, 0, 1, None),
)
_YEAR = re.compile(r"\d{4}")  # every date form has one
_RANGE_DMY = re.compile(
    _DAY + r"(?:\s+[A-Za-z]{3,9}\.?)?\s*[-–—]\s*" + _DAY + r"\s+" + _MON + r",?\s+(\d{4})"
)
_RANGE_MDY = re.compile(
    _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?\s*[-–—]\s*(?:" + _MON + r"\s+)?" + _DAY + r",?\s+(\d{4})"
)
_DATE_LABEL = re.compile(r"\b(?:report\s+)?date\s*:\s*(.{6,30})", re.I)
_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|professor)\.?\s+", re.I)
_VACANT = {"vacant", "tbd", "tba", "-", "–", "n/a", "none"}
_ELECTED_AT = re.compile(
    r"\b(?:re-?)?(?:elected|appointed)\s+(?:at|in|during)\s+([A-Z]{1,4}\d?\s*#\s*\d+[\w-]*)", re.I
)
_ERROR = re.compile(r"\b(404|not found|error|forbidden|maintenance|unavailable)\b", re.I)

# Header cell (lower-case, letters and digits only) -> field.  Order matters: partner first.
_COLUMNS = (
    (
        "partner_org",
        ("partnerorg", "partner", "op", "3gppop", "organizationalpartner", "organisationalpartner"),
    ),
    ("group", ("grp", "group", "tsgwg", "body")),
    ("position", ("position", "function", "role", "post")),
    ("name", ("name", "official")),
    ("organization", ("organization", "organisation", "company", "affiliation", "member")),
    ("appointed", ("appointed", "elected", "appointedon", "since", "dateappointed")),
    ("remarks", ("remarks", "remark", "comments", "comment", "notes")),
)
#: Header label -> field (each label names one field only).
_LABEL_FIELD = {label: field for field, labels in reversed(_COLUMNS) for label in labels}
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_VICE = re.compile(r"(?i)\bvice[\s\-]*(?=chair)")
_SPACES = re.compile(r"\s+")


def _month(word: str | None) -> int | None:
    """1-12 for a month name or its abbreviation ("Mar", "Sept", "March"), else ``None``."""
    word = (word or "").lower().rstrip(".")
    for i, name in enumerate(_MONTH_NAMES, 1):
        if len(word) >= 3 and name.startswith(word):
            return i
    return None


def to_iso_date(text: str | None) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (ISO, dd.mm.yyyy, "18 May 2019", "May 18, 2019")."""
    if not text or not _YEAR.search(text):
        return None
    for pattern, year, month_number, month_name, day, needs in _DATE_FORMS:
        if needs is not None and not needs.search(text):
            continue
        for m in pattern.finditer(text):
            parts = m.groups()
            month = parts[month_number] if month_number is not None else _month(parts[month_name])
            try:
                return dt.date(int(parts[year]), int(month or 0), int(parts[day])).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def table_grid(table, cell_strings=None) -> list[list[str | None]]:
    """The table's own rows as lists of cleaned cell texts, ``rowspan``/``colspan`` expanded.

    A ``rowspan`` repeats the text downwards; a ``colspan`` leaves ``None`` in the extra columns.
    Rows of tables nested in a cell are not the table's own.  A cell's text is its strings
    (:func:`~crawlers.parsers.html.strings`) joined by spaces, then cleaned; ``cell_strings``
    replaces that join for cells with child elements (a cell without any is its own text).
    ``table`` is an lxml element (a BeautifulSoup tag is re-parsed).
    """
    cell_strings = cell_strings or _cell_strings
    if not isinstance(table, etree._Element):
        table = parse_html(str(table)).find(".//table")
    nested = next(table.iterdescendants("table"), None) is not None
    grid: list[list[str | None]] = []
    pending: dict[int, list] = {}  # column -> [text, rows still to fill]
    for tr in table.iter("tr"):
        if nested and next(tr.iterancestors("table"), None) is not table:
            continue
        row: list[str | None] = []
        for cell in tr[:]:  # a slice makes the children in one call, faster than iterating
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            if pending and len(row) in pending:
                _fill_pending(row, pending)
            raw = cell_strings(cell) if len(cell) else cell.text
            # clean(raw), white space first: NFC (only needed for non-ASCII text) never joins
            # or splits text at white space, so a cell that is ASCII but for "&nbsp;" skips it.
            text = (" ".join(raw.split()) or None) if raw is not None else None
            if text is not None and not text.isascii():
                text = clean(text)
            names = cell.keys()  # one call for all attribute names; most cells have no span
            if not names or ("rowspan" not in names and "colspan" not in names):
                row.append(text)
                continue
            rows = _span(cell.get("rowspan"))
            for k in range(_span(cell.get("colspan"))):
                if rows > 1:
                    pending[len(row)] = [text if k == 0 else None, rows - 1]
                row.append(text if k == 0 else None)
        if pending and len(row) in pending:
            _fill_pending(row, pending)
        grid.append(row)
    return grid


def _cell_strings(cell) -> str:
    """``" ".join(strings(cell))``, walking a chain of single children (Word's ``<p><span>``)
    directly rather than through :func:`~crawlers.parsers.html.strings`."""
    text = cell.text
    parts = [text] if text else []
    tails: list[str] = []
    el = cell
    n = len(cell)
    while n:
        if n != 1:
            return " ".join(strings(cell))  # several children
        child = el[0]
        tag = child.tag
        if tag.__class__ is not str or tag in NO_TEXT:
            return " ".join(strings(cell))  # comments, script …
        if tail := child.tail:
            tails.append(tail)
        el = child
        if text := el.text:
            parts.append(text)
        n = len(el)
    if tails:
        parts.extend(reversed(tails))
    return " ".join(parts)


def _fill_pending(row: list[str | None], pending: dict[int, list]) -> None:
    """Append the texts of cells spanning down into this row at its current end."""
    while len(row) in pending:
        col = len(row)
        text, left = pending[col]
        row.append(text)
        if left <= 1:
            del pending[col]
        else:
            pending[col][1] = left - 1


def _span(value: str | None) -> int:
    """A ``rowspan``/``colspan`` value as a count from 1 to 100 (1 when absent or not a number)."""
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), 100))
    except ValueError:
        return 1


def _header_map(row: list[str | None]) -> dict[str, int]:
    """Field -> column of the first header cell naming it."""
    found: dict[str, int] = {}
    for i, text in enumerate(row):
        if text and (field := _LABEL_FIELD.get(_NOT_ALNUM.sub("", text.lower()))):
            if field not in found:
                found[field] = i
    return found


def _find_tables(root) -> list[tuple[etree._Element, list[list[str | None]], int, dict]]:
    """Every table with GRP, Position and Name/Organization header cells."""
    hits = []
    for table in root.iter("table"):
        grid = table_grid(table)
        for i, row in enumerate(grid[:5]):
            cols = _header_map(row)
            if {"group", "position"} <= cols.keys() and ({"name", "organization"} & cols.keys()):
                hits.append((table, grid, i, cols))
                break
    return hits


def _doctype(root) -> str | None:
    """The doctype as BeautifulSoup prints it ("html PUBLIC "…" "…""), ``None`` without one."""
    info = root.getroottree().docinfo
    if not info.doctype:
        return None
    value = info.root_name or ""
    if info.public_id is not None:
        value += f' PUBLIC "{info.public_id}"'
        if info.system_url is not None:
            value += f' "{info.system_url}"'
    elif info.system_url is not None:
        value += f' SYSTEM "{info.system_url}"'
    return value


def _page_date(root, tables: list) -> tuple[str | None, str | None]:
    """The report date printed outside the officials tables, as (ISO date, raw text).

    The text read is the doctype and every string of the page (comments left out) except those
    inside the officials tables and script/style/title elements (their tails are kept).
    """
    texts: list[str] = []
    if (doctype := _doctype(root)) is not None:
        texts.append(doctype)
    _outside_texts(root, tables, texts)
    text = clean(" ".join(texts)) or ""
    if m := _DATE_LABEL.search(text):
        if iso := to_iso_date(m.group(1)):
            return iso, clean(m.group(1))
    for pattern, (day, mon, year) in ((_RANGE_DMY, (2, 3, 4)), (_RANGE_MDY, (3, 2, 4))):
        for m in pattern.finditer(text):
            month = m.group(mon) or m.group(1)
            iso = to_iso_date(f"{m.group(day)} {month} {m.group(year)}")
            if iso:
                return iso, m.group(0)
    return None, None


_NOT_DATE_TEXT = frozenset({"script", "style", "title"})


def _outside_texts(el, tables: list, out: list[str]) -> None:
    """Append the strings of ``el`` that lie outside ``tables`` and script/style/title."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if tag.__class__ is str and tag not in _NOT_DATE_TEXT:
            if tag != "table" or not any(child is t for t in tables):
                _outside_texts(child, tables, out)
        if child.tail:
            out.append(child.tail)


@lru_cache(maxsize=1024)
def _role(label: str | None) -> str:
    """Role slug; "ViceChairman"/"Vice-Chair" are read as "Vice Chairman"."""
    return normalise_role(_VICE.sub("Vice ", label or ""))


#: :func:`normalise_group` memoised: group labels are a small vocabulary.


def _cell(row: list[str | None], cols: dict[str, int], field: str) -> str | None:
    i = cols.get(field)
    return row[i] if i is not None and i < len(row) else None  # grid texts are clean already


def parse(body: bytes | str, url: str) -> list[dict]:
    """Parse an annex page into ``post`` records (pure; raises on a broken page)."""
    root = parse_html(body)
    found = _find_tables(root)
    if not found:
        title_el = next(root.iter("title"), None)
        title = clean(get_text(title_el)) if title_el is not None else ""
        if _ERROR.search(title or "") or _ERROR.search((clean(get_text(root, " ")) or "")[:300]):
            raise ErrorPage(f"{url}: error page ({title or 'no title'})")
        raise LayoutChanged(f"{url}: no table with GRP/Position/Name headers")
    observed_on, observed_raw = _page_date(root, [t for t, *_ in found])
    records: list[dict] = []
    for _table, grid, header_at, cols in found:
        group_raw = None
        for row in grid[header_at + 1 :]:
            filled = [c for c in row if c]
            if not filled:
                continue
            if len(filled) == 1:  # sub-heading row ("SA WG1")
                if normalise_group(filled[0]):
                    group_raw = filled[0]
                continue
            group_cell = _cell(row, cols, "group")
            carried = not group_cell
            group_raw = group_cell or group_raw
            if not group_raw:
                continue
            records.append(_record(row, cols, group_raw, carried, url, observed_on, observed_raw))
    if not records:
        raise NoRosterFound(f"{url}: officials table has no rows")
    return records


def _record(row, cols, group_raw, carried, url, observed_on, observed_raw) -> dict:
    """One ``post`` record, the fields of :func:`~crawlers.parsers.common.post_record` first.

    Grid texts are clean already (and so is a name without its title), so they go in as they are.
    """
    code = normalise_group(group_raw)
    position = _cell(row, cols, "position")
    name_raw = _cell(row, cols, "name")
    vacant = bool(name_raw) and name_raw.lower() in _VACANT
    person = None if (vacant or not name_raw) else _TITLE.sub("", name_raw)
    appointed_raw = _cell(row, cols, "appointed")
    remarks = _cell(row, cols, "remarks")
    elected_at = _ELECTED_AT.search(remarks) if remarks else None
    record = {
        "kind": "post",
        "body": BODY,
        "group": code or group_raw,
        "role": _role(position),
        "role_raw": position,
        "person": person,
        "organization": _cell(row, cols, "organization"),
        "country": None,
        "source_url": url,
        "group_raw": group_raw,
        "parent_group": parent_of(code),
        "partner_org": _cell(row, cols, "partner_org"),
        "appointed": to_iso_date(appointed_raw),
        "appointed_raw": appointed_raw,
        "remarks": remarks,
        "elected_at": _SPACES.sub("", elected_at.group(1)) if elected_at else None,
        "observed_on": observed_on,
        "observed_on_raw": observed_raw,
        "person_missing": not name_raw,
        "vacant": vacant,
        "group_carried": carried,
    }
    if person and person != name_raw:
        record["person_raw"] = name_raw
    return record

"""IEC NP ballot result pages: ``f?p=103:52:…FSP_ORG_ID,FSP_DOC_ID,FSP_DOC_PIECE_ID:…`` (SOURCES.md 3).

Seen only as page text (HTML unverified): "Document 57/2235/NP … Project: IEC TS 63353 ED1 …
Reference Circulation date Closing date 57/2235/NP 2020-06-12 2020-09-04", one row per
National Committee "Argentina P 2020-08-31 Y Y N -", "United States of America P 2020-09-01 N
N Y", and a summary "22 18 81.8 >=66.7% APPROVED".

Reading of the columns (a RECONSTRUCTION from the NP form, not a printed header): country,
member type (P/O), vote date, then

1. approval of the new work item proposal -> ``vote`` ("approve"/"disapprove"/"abstain"),
2. commitment to participate actively -> ``will_participate`` (bool),
3. nomination of expert(s) -> ``experts_nominated`` (bool),
4. anything further (seen as "-") -> ``comments_raw`` (``None`` for "-").

When the vote table has header cells naming these ("Approv…", "Particip…", "Expert…",
"Comment…"), the headers win over the positional reading.  ``columns_raw`` keeps every cell.
Summary: P-members voting, approvals, % approval, criterion, result (18/22 = 81.8 %).
Rows are read from table rows of that shape, or from text lines if there is no table.
"""

from __future__ import annotations

import re

from lxml import etree

from crawlers.parsers.common import LayoutChanged, NoRosterFound, clean
from crawlers.parsers.html import get_text
from crawlers.parsers.iec_committee import apex_items, check_error, committee_heading
from crawlers.parsers.labelled import (
    find_labelled,
    page_lines,
    read_page,
)
from tracker.normalise.countries import to_alpha2

PARSER_NAME = "iec-np-vote"
PARSER_VERSION = "2"  # 2: labels ended by bold/label elements (labelled.py)
BODY = "IEC"

DOC_RE = re.compile(r"(?<![\w/])(?P<prefix>CISPR(?:/[A-Z])?|\d{1,3}[A-Z]?)/\d+/NP\b")
_DATE = r"\d{4}-\d{2}-\d{2}"
_FLAG = r"(?:Y|N|A|-)"
ROW_RE = re.compile(
    rf"^(?P<country>[A-Za-z][^\d|]*?)\s+(?P<type>[PO])\s+(?P<date>{_DATE}|-)"
    rf"(?P<cols>(?:\s+{_FLAG})*)\s*$"
)
SUMMARY_RE = re.compile(
    r"(?P<voting>\d+)\s+(?P<approve>\d+)\s+(?P<pct>\d+(?:[.,]\d+)?)\s*%?\s+"
    r"(?P<criterion>>=?\s*\d+(?:[.,]\d+)?\s*%)\s+(?P<result>NOT APPROVED|APPROVED|REJECTED)"
)
_VOTE = {"Y": "approve", "N": "disapprove", "A": "abstain"}
_BOOL = {"Y": True, "N": False}
_FIELDS = ("vote", "will_participate", "experts_nominated", "comments_raw")
_HEADER_KEYS = (("approv", "vote"), ("particip", "will_participate"), ("expert", "experts_nominated"),
                ("comment", "comments_raw"))  # fmt: skip


_CELLS = etree.XPath(".//*[self::th or self::td]")
_NEXT_TR = etree.XPath("(descendant::tr | following::tr)[1]")


def _group(prefix: str, root: etree._Element) -> str:
    if re.fullmatch(r"\d+", prefix):
        return f"IEC TC {prefix}"
    if re.fullmatch(r"\d+[A-Z]", prefix):
        return f"IEC SC {prefix}"
    if prefix.startswith("CISPR"):
        return prefix
    group, _ = committee_heading(root)
    if group is None:
        raise LayoutChanged(f"cannot tell the committee of document prefix {prefix!r}")
    return group


def _dates(root: etree._Element, flat: str, document: str) -> tuple[str | None, str | None]:
    """Circulation and closing dates from the "Reference / Circulation date / Closing date" table."""
    for row in root.iter("tr"):
        heads = [(clean(get_text(c, " ")) or "").lower() for c in _CELLS(row)]
        if any("circulation" in h for h in heads) and any("closing" in h for h in heads):
            found = _NEXT_TR(row)
            cells = [clean(get_text(c, " ")) or "" for c in _CELLS(found[0])] if found else []
            if len(cells) == len(heads):
                circ = next(c for h, c in zip(heads, cells, strict=True) if "circulation" in h)
                close = next(c for h, c in zip(heads, cells, strict=True) if "closing" in h)
                return circ or None, close or None
    m = re.search(rf"{re.escape(document)}\s+({_DATE})\s+({_DATE})", flat)
    return (m.group(1), m.group(2)) if m else (None, None)


def _rows(root: etree._Element, lines: list[str]) -> list[tuple[list[str], list[str] | None]]:
    """Vote rows as cell lists, each with the header cells of its table (or None)."""
    rows = []
    for table in root.iter("table"):
        header = None
        for tr in table.iter("tr"):
            found = _CELLS(tr)
            cells = [clean(get_text(c, " ")) or "" for c in found]
            if any(c.tag == "th" for c in found) and not any(c.tag == "td" for c in found):
                header = [c.lower() for c in cells]
            elif (
                len(cells) >= 3
                and cells[1] in ("P", "O")
                and re.fullmatch(rf"{_DATE}|-|", cells[2])
                and re.match(r"[A-Za-z]", cells[0])
            ):
                rows.append((cells, header))
    if rows:
        return rows
    for line in lines:
        if m := ROW_RE.match(line):
            rows.append(([m["country"], m["type"], m["date"], *m["cols"].split()], None))
    return rows


def _columns(cols: list[str], header: list[str] | None) -> dict:
    names = list(_FIELDS)
    if header and len(header) == len(cols) + 3:
        mapped = [next((f for key, f in _HEADER_KEYS if key in h), None) for h in header[3:]]
        if all(mapped):
            names = mapped
    out: dict = dict.fromkeys((*_FIELDS, "vote_raw"))
    extra = []
    for i, value in enumerate(cols):
        name = names[i] if i < len(names) else "comments_raw"
        if name == "vote":
            out["vote"] = _VOTE.get(value.upper())
            out["vote_raw"] = value or None
        elif name in ("will_participate", "experts_nominated"):
            out[name] = _BOOL.get(value.upper())
        elif value and value != "-":
            extra.append(value)
    out["comments_raw"] = "; ".join(extra) or None
    return out


def parse(body: bytes | str, url: str) -> list[dict]:
    """Return one ``kind: "vote"`` record per National Committee row of an NP ballot page."""
    root, text = read_page(body)
    check_error(root, text)
    page = page_lines(root)
    lines = [ln.text for ln in page]  # clean: no label-end MARK left in them
    flat = clean(" ".join(lines)) or ""
    m = DOC_RE.search(flat)
    if not m:
        raise LayoutChanged("no NP document number (e.g. 57/2235/NP) on the ballot page")
    document, group = m.group(0), _group(m.group("prefix"), root)
    project = next((h.value for h in find_labelled(page, [("p", "project")])), None)
    circulation, closing = _dates(root, flat, document)
    s = SUMMARY_RE.search(flat)
    tally = None
    if s:
        tally = {
            "p_members_voting": int(s["voting"]),
            "approve": int(s["approve"]),
            "approval_pct": float(s["pct"].replace(",", ".")),
            "criterion": re.sub(r"\s+", "", s["criterion"]),
        }
    result = s["result"] if s else (r.group(1) if (r := re.search(r"\b(NOT APPROVED|APPROVED|REJECTED)\b", flat)) else None)  # fmt: skip
    rows = _rows(root, [clean(ln) or "" for ln in lines])
    if not rows:
        raise NoRosterFound(
            f"{document}: no country vote rows (ballot still open or layout changed)"
        )
    items = apex_items(url)
    records = []
    for cells, header in rows:
        country_raw = clean(cells[0])
        records.append(
            {
                "kind": "vote",
                "body": BODY,
                "group": group,
                "document": document,
                "project": clean(project) if project else None,
                "country": to_alpha2(country_raw),
                "country_raw": country_raw,
                "member_type": cells[1],
                "vote_date": cells[2] if re.fullmatch(_DATE, cells[2]) else None,
                **_columns(cells[3:], header),
                "columns_raw": cells[3:],
                "circulation_date": circulation,
                "closing_date": closing,
                "result": result,
                "tally": tally,
                "iec_org_id": int(v) if (v := items.get("FSP_ORG_ID", "")).isdigit() else None,
                "iec_doc_id": int(v) if (v := items.get("FSP_DOC_ID", "")).isdigit() else None,
                "source_url": url,
            }
        )
    return records

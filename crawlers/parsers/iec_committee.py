"""IEC committee dashboards: ``https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:{id}`` (SOURCES.md 3).

Known from page text only: the heading "TC 57 / Power systems management and associated
information exchange / TC 57 Scope".  The officer block has **not** been seen; its labels are
an UNVERIFIED-GUESS ("Secretariat: Germany", "Secretary: …", "Assistant Secretary: …",
"Chair: … (until 2027-12-31)", "Technical Officer: …").  So, like the ISO parser, this one is
label-driven over the page rendered as text lines (:func:`labelled.page_lines`): labels
match case-insensitively at the start of a line, value on the same line or the next.

Secretariats are National Committees, printed as a country: ``country`` is its alpha-2
(``country_basis: "member_body"``), ``member_body``/``organization`` the name as printed.
IEC Central Office staff (Technical Officer) get ``role: "staff"`` and ``is_staff``.

Also :func:`parse_committee_list` for a list page of TCs/SCs (links to ``f?p=103:7:…FSP_ORG_ID…``)
and :func:`apex_items`, which reads the APEX item names/values out of any ``f?p=`` URL.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from crawlers.parsers.common import (
    ErrorPage,
    LayoutChanged,
    NoRosterFound,
    clean,
    post_record,
)
from crawlers.parsers.html import get_text, title_el
from crawlers.parsers.labelled import (
    find_labelled,
    is_vacant,
    page_lines,
    read_page,
    split_person,
    term_dates,
)
from tracker.normalise.countries import to_alpha2

PARSER_NAME = "iec-committee"
PARSER_VERSION = "2"  # 2: labels ended by bold/label elements (labelled.py)
BODY = "IEC"

#: "TC 57", "SC 65A", "IEC TC 57", "ISO/IEC JTC 1/SC 41", "IEC/ISO JTC 3", "SyC AAL", "CISPR/I".
CODE_RE = re.compile(
    r"(?<![\w/])(?:(?P<prefix>ISO/IEC|IEC/ISO|IEC)\s+)?"
    r"(?P<code>(?:JTC|JSyC|SyC|TC|SC|PC)\s*(?:\d+[A-Z]?|[A-Z]{2,})(?:\s*/\s*SC\s*\d+[A-Z]?)?"
    r"|CISPR(?:/[A-Z])?)(?![\w])"
)
#: Joint committees whose lead body is known from ISO Open Data references.
_JOINT = {"JTC 1": "ISO/IEC JTC 1", "JTC 3": "IEC/ISO JTC 3", "JSyC BDC": "IEC/ISO JSyC BDC"}
_ERROR = re.compile(
    r"page not found|\b404\b|error processing|ora-\d{5}|application (?:is )?(?:currently )?"
    r"unavailable|service unavailable|under maintenance|access denied|session (?:has )?expired|"
    r"something went wrong|unexpected error",
    re.I,
)
LABELS: list[tuple[str, str]] = [
    ("secretariat", r"secretariat"),
    ("assistant_secretary", r"assistant\s+secretary"),
    ("secretary", r"secretary"),
    ("chair_elect", r"chair(?:person|man|woman)?[\s-]*elect"),
    ("vice_chair", r"vice[\s-]*chair(?:person|man|woman)?"),
    ("chair", r"chair(?:person|man|woman)?"),
    ("technical_officer", r"technical\s+officer"),
]


def apex_items(url: str) -> dict[str, str]:
    """APEX ``f?p=app:page:session:request:debug:clear:names:values`` items as a dict.

    ``…::::FSP_ORG_ID:1273`` and ``…::::FSP_ORG_ID,FSP_LANG_ID:1273,25`` both give
    ``{"FSP_ORG_ID": "1273", …}``.
    """
    p = parse_qs(urlsplit(url).query).get("p", [""])[0] or unquote(url.partition("f?p=")[2])
    parts = p.split(":")
    if len(parts) < 8:
        return {}
    names, values = parts[6].split(","), parts[7].split(",")
    return {n.strip().upper(): v.strip() for n, v in zip(names, values, strict=False) if n.strip()}


def org_id(url: str) -> int | None:
    value = apex_items(url).get("FSP_ORG_ID")
    return int(value) if value and value.isdigit() else None


def normalise_group(code: str, prefix: str | None = None) -> str:
    """Map "TC 57" to "IEC TC 57", "SC 65A" to "IEC SC 65A"; prefixed and CISPR codes as printed."""
    code = re.sub(r"\s*/\s*", "/", clean(code) or "")
    code = re.sub(r"^(JTC|JSyC|SyC|TC|SC|PC)(?=\d)", r"\1 ", code)
    if prefix:
        return f"{prefix} {code}"
    if code.startswith("CISPR"):
        return code
    if code.split("/")[0] in _JOINT:
        head, _, tail = code.partition("/")
        return _JOINT[head] + (f"/{tail}" if tail else "")
    return f"IEC {code}"


_ERROR_CLASS = re.compile(r"error", re.I)


def check_error(root: etree._Element, text: str) -> None:
    """Raise ``ErrorPage`` on an empty page or an APEX/HTTP error text in the title or headings."""
    if not text.strip():
        raise ErrorPage("empty page")
    title = title_el(root)
    heads = [title] if title is not None else []
    heads += list(root.iter("h1", "h2"))
    heads += [el for el in root.iter(etree.Element) if _ERROR_CLASS.search(el.get("class") or "")]
    for head in heads:
        head_text = clean(get_text(head, " ")) or ""
        if _ERROR.search(CODE_RE.sub(" ", head_text)):
            raise ErrorPage(f"error page: {head_text[:120]!r}")


def committee_heading(root: etree._Element) -> tuple[str | None, str | None]:
    """Group code and title from the first heading (or page title) that carries a code."""
    title = title_el(root)
    heads = list(root.iter("h1", "h2", "h3")) + ([title] if title is not None else [])
    for i, head in enumerate(heads):
        text = clean(get_text(head, " ")) or ""
        m = CODE_RE.search(text)
        if not m:
            continue
        group = normalise_group(m.group("code"), m.group("prefix"))
        rest = clean(re.sub(r"\bDashboard\b.*$", "", text[m.end() :]).strip(" -–/:|>"))
        if not rest:
            nxt = heads[i + 1] if i + 1 < len(heads) and heads[i + 1] is not title else None
            nxt_text = clean(get_text(nxt, " ")) if nxt is not None else None
            if nxt_text and not CODE_RE.search(nxt_text):
                rest = nxt_text
        return group, rest
    return None, None


def parse(body: bytes | str, url: str) -> list[dict]:
    """Return secretariat, secretary, assistant secretary, chair(s) and technical officer posts."""
    root, text = read_page(body)
    check_error(root, text)
    group, name = committee_heading(root)
    if group is None:
        raise LayoutChanged("no committee code (TC/SC/SyC/JTC/CISPR) in the headings or title")
    hits = [h for h in find_labelled(page_lines(root), LABELS) if not is_vacant(h.value)]
    if not hits:
        raise NoRosterFound(f"{group}: no Secretariat/Secretary/Chair labels")
    common = {"group_name": name, "iec_org_id": org_id(url)}
    records: list[dict] = []
    seen: set[tuple] = set()
    for hit in hits:
        if hit.key == "secretariat":
            code = to_alpha2(hit.value)
            extra = {"member_body": hit.value, "country_raw": hit.value}
            if code:
                extra["country_basis"] = "member_body"
            rec = post_record(
                body=BODY, group=group, role_raw=hit.label, source_url=url,
                organization=hit.value, country=code, **extra, **common,
            )  # fmt: skip
        else:
            person, extra = split_person(hit.value)
            extra = {**term_dates(hit.paren), **extra}
            if hit.key == "technical_officer":
                extra["is_staff"] = True
            rec = post_record(
                body=BODY, group=group, role_raw=hit.label, source_url=url, person=person,
                person_raw=hit.value, **extra, **common,
            )  # fmt: skip
        key = (rec["role_raw"], rec["person"], rec["organization"])
        if key not in seen:
            seen.add(key)
            records.append(rec)
    return records


_ORG_ID_HREF = re.compile(r"FSP_ORG_ID", re.I)


def _next_string(el: etree._Element) -> str | None:
    """The text node right after ``el`` (its tail, or a following comment's text), else None."""
    if el.tail is not None:
        return el.tail
    nxt = el.getnext()
    if nxt is not None and nxt.tag is etree.Comment:
        return nxt.text or ""
    return None


def parse_committee_list(body: bytes | str, url: str) -> list[dict]:
    """List page of TCs/SCs: one ``kind: "group"`` record per link to a committee dashboard.

    A link counts when its ``href`` carries ``FSP_ORG_ID`` and its text is a committee code;
    the title is the row's other cell (table layout) or the text after the link.
    """
    root, text = read_page(body)
    check_error(root, text)
    records: list[dict] = []
    seen: set[int | str] = set()
    for link in root.iter("a"):
        href = link.get("href")
        if href is None or not _ORG_ID_HREF.search(href):
            continue
        label = clean(get_text(link, " ")) or ""
        m = CODE_RE.fullmatch(label)
        if not m:
            continue
        if not href.startswith("http"):
            href = "https://www.iec.ch/dyn/www/" + href.lstrip("./")
        oid = org_id(href)
        group = normalise_group(m.group("code"), m.group("prefix"))
        if (oid or group) in seen:
            continue
        seen.add(oid or group)
        row = next(link.iterancestors("tr"), None)
        if row is not None:
            ancestors = set(link.iterancestors())
            cells = [clean(get_text(c, " ")) for c in row.iter("td") if c not in ancestors]
            title = next((c for c in cells if c and not CODE_RE.fullmatch(c)), None)
        else:
            sibling = _next_string(link)
            title = clean(sibling.strip(" -–:")) if sibling is not None else None
        records.append(
            {
                "kind": "group",
                "body": BODY,
                "group": group,
                "group_name": title,
                "iec_org_id": oid,
                "url": href,
                "source_url": url,
            }
        )
    if not records:
        raise LayoutChanged("no committee links (FSP_ORG_ID) with a TC/SC code on the list page")
    return records

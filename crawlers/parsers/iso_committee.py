"""iso.org committee pages: ``https://www.iso.org/committee/{id}.html`` (SOURCES.md 2.2).

The officer block has been seen only as page *text* ("Secretariat: SCC", "Committee Manager:
Ms …", "Chairperson (until end 2027): Mr …", "ISO Technical Programme Manager : Mr …",
"Creation date: 1998"); its HTML is unverified.  So the parser is label-driven over the page
rendered as text lines: a line is cut at every block element (``p``, ``li``, ``div``, ``dt``/``dd``,
``td``/``th`` …), inline elements (``a``, ``span``, ``strong``) stay on their line, and the end
of a ``strong``/``b``/``dt``/``th``/``label`` counts as a label separator like ":" (where it
ended is kept beside the line's text, :attr:`Line.label_ends`; the text only has a space there).
A label is taken either with its value on the same line ("Label: value",
``<strong>Label</strong> value``) or alone on its line with the value on the next line
(definition lists, two-cell table rows).

Language: only English pages are read.  The translated mirrors (``/fr/``, ``/es/``, ``/ru/``,
``*.isolutions.iso.org``) have been seen with only a few labels ("Presidente/a", "Fecha de
creación", "Председатель"), none in French, so a complete mapping cannot be made with
confidence, and a partial one would silently drop the secretariat or manager (and a roster diff
would then "end" those posts).  Such pages raise ``LayoutChanged("non-English page …")``.

The label/line reading is :mod:`crawlers.parsers.labelled`, shared with the IEC parsers.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from crawlers.parsers.common import (
    ErrorPage,
    LayoutChanged,
    NoRosterFound,
    clean,
    post_record,
)
from crawlers.parsers.html import get_text
from crawlers.parsers.labelled import (
    Hit,
    is_vacant,
    labelled_hits,
    may_match,
    read_root,
    render_lines,
    split_person,
    term_dates,
)
from tracker.normalise.countries import to_alpha2

PARSER_NAME = "iso-committee"
PARSER_VERSION = "2"  # 2: labels ended by bold/label elements
BODY = "ISO"

# ---------------------------------------------------------------------------- ISO specifics
_SEG = r"[A-Z][\w'’.-]*(?: (?:\d+[A-Z]?|[Cc]ommittee))?"
#: "ISO/TC 20/SC 1", "ISO/IEC JTC 1/SC 42", "IEC/ISO JTC 3", "ISO/COUNCIL"; title words never.
REF_RE = re.compile(rf"(?:ISO/IEC|IEC/ISO|ISO)(?: (?=[A-Z]{{2}})|/){_SEG}(?:/{_SEG})*")
_ERROR = re.compile(
    r"page not found|\b404\b|not found|server error|\b50[0234]\b|service unavailable|"
    r"under maintenance|access denied|forbidden|something went wrong",
    re.I,
)
#: Words one of which every _ERROR match holds (in lower case), also before REF_RE.sub:
#: each holds no space, and the spaces that sub puts in are outside them.
_ERROR_WORDS = (
    "404", "50", "found", "error", "unavailable", "maintenance", "denied", "forbidden", "wrong",
)  # fmt: skip
_LANG_SEGMENT = re.compile(r"^/(fr|es|ru|ar|zh|de|it|pt|ja|ko)(?:/|$)", re.I)
_FOREIGN = re.compile(
    r"^(?:secrétariat|responsable du comité|président(?:e)?|presidente|secretari[oa]|secretaría|"
    r"fecha de creación|date de création|секретарь|председатель|дата создания)(?!\w)",
    re.I,
)
LABELS: list[tuple[str, str]] = [
    ("secretariat", r"secretariat"),
    ("manager", r"committee\s+manager"),
    ("secretary", r"secretary"),
    ("chair_elect", r"chair(?:person|man|woman)?[\s-]*elect"),
    ("chair", r"chair(?:person|man|woman)?"),
    ("tpm", r"ISO\s+technical\s+programme\s+manager"),
    ("editorial", r"ISO\s+editorial\s+manager"),
    ("created", r"creation\s+date|date\s+of\s+creation"),
]
_STAFF = {"tpm", "editorial"}
_TITLE_SPLIT = re.compile(r"\s+[-–|]\s+")
_ID = re.compile(r"/committee/(?:\d+/)*(\d+)(?:\.html|/|$)")
_YEAR = re.compile(r"\d{4}(?:-\d{2}-\d{2})?")
_SC_REF = re.compile(r"/SC \S+$")
_MEMBER_BODY = re.compile(r"([A-Z][A-Za-z&.\- ]*?[A-Za-z.])\s*(?:[(\[]([^)\]]+)[)\]])?$")
_MEMBER_ID = re.compile(r"/member/(\d+)")


def _heading_texts(root: etree._Element) -> list[str]:
    """The cleaned texts of the first ``<title>`` and then of every h1/h2 (one tree pass)."""
    title = None
    heads = []
    for el in root.iter("title", "h1", "h2"):
        if el.tag != "title":
            heads.append(el)
        elif title is None:
            title = el
    if title is not None:
        heads.insert(0, title)
    return [t for t in (clean(get_text(el, " ")) for el in heads) if t]


def _reference(
    root: etree._Element, headings: list[str] | None = None
) -> tuple[str | None, str | None]:
    """Committee reference and title from "ISO - ISO/TC 20/SC 1 - Title" or the h1/h2."""
    for text in _heading_texts(root) if headings is None else headings:
        if "ISO" not in text:  # every REF_RE match holds it
            continue
        parts = [p.strip() for p in _TITLE_SPLIT.split(text)]
        for i, part in enumerate(parts):
            m = REF_RE.search(part)
            if m:
                ref = clean(m.group(0).replace("/ ", "/"))
                rest = clean(part[m.end() :].strip(" -–:/"))
                name = rest or (parts[i + 1] if i + 1 < len(parts) else None)
                if not name:
                    name = _next_heading(root, ref)
                return ref, name
    return None, None


_NEXT_HEADING = etree.XPath(
    "(descendant::*[self::h2 or self::h3 or self::p]"
    " | following::*[self::h2 or self::h3 or self::p])[1]"
)


def _next_heading(root: etree._Element, ref: str) -> str | None:
    """The heading or lead paragraph right after the h1 that carries the reference."""
    h1 = next((h for h in root.iter("h1") if ref in (clean(get_text(h, " ")) or "")), None)
    found = _NEXT_HEADING(h1) if h1 is not None else []
    nxt = found[0] if found else None
    text = clean(get_text(nxt, " ")) if nxt is not None else None
    return text if text and ref not in text and len(text) < 200 else None


def _check_error(blank: bool, headings: list[str]) -> None:
    """Raise ``ErrorPage`` on a blank page or an HTTP error text in the title or h1/h2."""
    if blank:
        raise ErrorPage("empty page")
    for heading in headings:
        if may_match(heading, _ERROR_WORDS) and _ERROR.search(REF_RE.sub(" ", heading)):
            raise ErrorPage(f"error page: {heading!r}")


def _check_language(root: etree._Element, path: str) -> None:
    html = root if root.tag == "html" else next(root.iter("html"), None)
    lang = (html.get("lang") or "").strip().lower() if html is not None else ""
    seg = _LANG_SEGMENT.search(path)
    if (lang and not lang.startswith("en")) or seg:
        found = lang or seg.group(1)
        raise LayoutChanged(
            f"non-English page (language {found!r}): labels are translated; parse the English "
            "page https://www.iso.org/committee/{id}.html instead"
        )


def iso_id(url: str) -> int | None:
    """Committee id from ``/committee/{id}.html`` (also the mirrors' ``/committee/48/82/{id}.html``)."""
    return _path_id(urlsplit(url).path)


def _path_id(path: str) -> int | None:
    m = _ID.search(path)
    return int(m.group(1)) if m else None


def parse(body: bytes | str, url: str) -> list[dict]:
    """Return secretariat, committee manager/secretary, chair, chair-elect and ISO/CS staff posts."""
    root, blank = read_root(body)
    headings = _heading_texts(root)
    _check_error(blank, headings)
    path = urlsplit(url).path
    _check_language(root, path)
    ref, name = _reference(root, headings)
    texts, hrefs, ends = render_lines(root)
    hits = labelled_hits(texts, hrefs, ends, LABELS)
    if ref is None:
        if not hits and any(map(_FOREIGN.match, texts)):
            raise LayoutChanged("non-English page: only translated labels found")
        raise LayoutChanged("no committee reference (ISO/…) in the title or h1/h2")
    officers = [h for h in hits if h.key != "created" and not is_vacant(h.value)]
    if not officers:
        if any(map(_FOREIGN.match, texts)):
            raise LayoutChanged("non-English page: only translated labels found")
        raise NoRosterFound(f"{ref}: no Secretariat/Committee Manager/Chairperson labels")
    created = next((h.value for h in hits if h.key == "created" and h.value), None)
    m = _YEAR.search(created) if created else None
    parent = ref.rsplit("/", 1)[0] if _SC_REF.search(ref) else None
    common = {"group_name": name, "created": m.group(0) if m else None, "iso_id": _path_id(path)}
    if parent:
        common["parent_group"] = parent
    records: list[dict] = []
    seen: set[tuple] = set()
    for hit in officers:
        if hit.key == "secretariat":
            rec = _secretariat(ref, hit, url, common)
        else:
            person, extra = split_person(hit.value)
            if hit.paren:
                extra = {**term_dates(hit.paren), **extra}
            if hit.key in _STAFF:
                extra["is_staff"] = True
            rec = post_record(
                body=BODY, group=ref, role_raw=hit.label, source_url=url, person=person,
                person_raw=hit.value, **extra, **common,
            )  # fmt: skip
        key = (rec["role_raw"], rec["person"], rec["organization"])
        if key not in seen:
            seen.add(key)
            records.append(rec)
    return records


def _secretariat(ref: str, hit: Hit, url: str, common: dict) -> dict:
    m = _MEMBER_BODY.match(hit.value)
    acronym = clean(m.group(1)) if m else hit.value
    extra: dict = {"member_body": acronym, "member_body_raw": hit.value}
    if m and m.group(2) and (code := to_alpha2(m.group(2))):
        extra.update(country_raw=clean(m.group(2)), country_basis="printed")
    else:
        code = None
    member = next((_MEMBER_ID.search(h) for h in hit.hrefs if "/member/" in h), None)
    if member:
        extra["iso_member_id"] = int(member.group(1))
    return post_record(
        body=BODY, group=ref, role_raw=hit.label, source_url=url, organization=acronym,
        country=code, **extra, **common,
    )  # fmt: skip


def parse_children(body: bytes | str, url: str) -> list[dict]:
    """Subcommittee list of a TC page (``#datatable-committee-children``, 2017–2023 selectors).

    Returns ``kind: "group"`` records; an empty list when the page has no such table (a TC
    without subcommittees).  Raises ``ErrorPage`` / ``LayoutChanged`` like :func:`parse`.
    """
    root, blank = read_root(body)
    headings = _heading_texts(root)
    _check_error(blank, headings)
    parent, _ = _reference(root, headings)
    if parent is None:
        raise LayoutChanged("no committee reference (ISO/…) in the title or h1/h2")
    tables = list(root.iter("table"))
    table = next((t for t in tables if "committee-children" in (t.get("id") or "")), None)
    if table is None:
        table = next((t for t in tables if _says_subcommittee(get_text(t, " ")[:300])), None)
    if table is None:
        return []
    records = []
    for row in table.iter("tr"):
        for link in row.iter("a"):  # the first committee link of the row
            href = link.get("href")
            if href and "/committee/" in href:
                break
        else:
            continue
        code = clean(get_text(link, " "))
        if not code or not REF_RE.fullmatch(code):
            continue
        for title_cell in row.iter("td"):
            if _is_title(title_cell.get("data-title")):
                break
        else:  # the first cell that does not hold the link
            around = list(link.iterancestors("td"))
            title_cell = next((td for td in row.iter("td") if td not in around), None)
        records.append(
            {
                "kind": "group",
                "body": BODY,
                "group": code,
                "group_name": clean(get_text(title_cell, " ")) if title_cell is not None else None,
                "parent_group": parent,
                "iso_id": iso_id(href),
                "source_url": url,
            }
        )
    return records


_TITLE_ATTR = re.compile("title", re.I)
_SUBCOMMITTEE = re.compile(r"subcommittee", re.I)


def _is_title(attr: str | None) -> bool:
    """``data-title`` holds "title" in any case."""
    if not attr:
        return False
    return "title" in attr.lower() if attr.isascii() else bool(_TITLE_ATTR.search(attr))


def _says_subcommittee(text: str) -> bool:
    return may_match(text, ("subcommittee",)) and bool(_SUBCOMMITTEE.search(text))

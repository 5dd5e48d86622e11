"""iso.org committee pages: ``https://www.iso.org/committee/{id}.html`` (SOURCES.md 2.2).

The officer block has been seen only as page *text* ("Secretariat: SCC", "Committee Manager:
Ms …", "Chairperson (until end 2027): Mr …", "ISO Technical Programme Manager : Mr …",
"Creation date: 1998"); its HTML is unverified.  So the parser is label-driven over the page
rendered as text lines: a line is cut at every block element (``p``, ``li``, ``div``, ``dt``/``dd``,
``td``/``th`` …), inline elements (``a``, ``span``, ``strong``) stay on their line, and the end
of a ``strong``/``b``/``dt``/``th``/``label`` counts as a label separator like ":".  A label is
taken either with its value on the same line ("Label: value", ``<strong>Label</strong> value``)
or alone on its line with the value on the next line (definition lists, two-cell table rows).

Language: only English pages are read.  The translated mirrors (``/fr/``, ``/es/``, ``/ru/``,
``*.isolutions.iso.org``) have been seen with only a few labels ("Presidente/a", "Fecha de
creación", "Председатель"), none in French, so a complete mapping cannot be made with
confidence, and a partial one would silently drop the secretariat or manager (and a roster diff
would then "end" those posts).  Such pages raise ``LayoutChanged("non-English page …")``.

The label/line helpers (:func:`page_lines`, :func:`find_labelled`, :func:`split_person`) are
reused by the IEC parsers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from crawlers.parsers.common import (
    ErrorPage,
    LayoutChanged,
    NoRosterFound,
    clean,
    decode,
    post_record,
)
from crawlers.parsers.html import get_text, parse_html, title_el
from tracker.normalise.countries import to_alpha2

PARSER_NAME = "iso-committee"
PARSER_VERSION = "1"
BODY = "ISO"

# ---------------------------------------------------------------- shared line/label helpers
MARK = "\x1f"  # end of a label-like element (strong, b, dt, th, label): acts like ":"
_BLOCK = set(
    "address article aside blockquote body br caption dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
_LABEL_TAGS = {"strong", "b", "dt", "th", "label"}
_SKIP = {"script", "style", "noscript", "template", "head", "svg"}
_MAX_NEXT = 120  # longest value taken from the line after a bare label


@dataclass
class Line:
    text: str
    hrefs: list[str] = field(default_factory=list)


@dataclass
class Hit:
    key: str
    label: str  # the label as printed, without the separator (e.g. "Chairperson (until end 2027)")
    paren: str | None  # text inside the label's parentheses
    value: str  # the value as printed (may be "")
    hrefs: list[str]


def read_page(body: bytes | str) -> tuple[etree._Element, str]:
    """The ``<html>`` root of a page and its decoded text (for the empty-page check)."""
    text = decode(body)
    return parse_html(text), text


def page_lines(root: etree._Element) -> list[Line]:
    """Render the page body as text lines cut at block elements (see module docstring)."""
    lines: list[Line] = []
    buf: list[str] = []
    hrefs: list[str] = []

    def flush() -> None:
        joined = "".join(buf)
        if not joined.strip():  # clean() would give None (MARK is white space too)
            buf.clear()
            hrefs.clear()
            return
        text = clean(joined.replace(MARK, f" {MARK} "))
        if text and text.strip(f" {MARK}"):
            lines.append(Line(text, list(hrefs)))
        buf.clear()
        hrefs.clear()

    def walk(node: etree._Element) -> None:
        if node.text is not None:
            buf.append(node.text)
        for child in node:
            name = child.tag
            if isinstance(name, str) and name not in _SKIP:
                block = name in _BLOCK
                if block:
                    if buf:
                        flush()
                    elif hrefs:  # what flush() does with nothing in the buffer
                        hrefs.clear()
                if name == "a" and child.get("href"):
                    hrefs.append(child.get("href"))
                walk(child)
                if name in _LABEL_TAGS:
                    buf.append(MARK)
                if block:
                    if buf:
                        flush()
                    elif hrefs:
                        hrefs.clear()
            if child.tail is not None:
                buf.append(child.tail)

    flush()  # the root (<html>) is a block element
    walk(root)
    flush()
    return lines


@functools.lru_cache(maxsize=32)
def _label_re(labels: tuple[tuple[str, str], ...]) -> re.Pattern:
    alt = "|".join(f"(?P<{key}>{rx})" for key, rx in labels)
    return re.compile(
        rf"^(?:{alt})\s*(?P<paren>\([^)]*\))?\s*(?P<abbr>\[[^\]]*\])?\s*"
        rf"(?P<sep>(?:(?:[:：]|{MARK})\s*)+)?(?P<value>.*)$",
        re.I,
    )


def find_labelled(lines: list[Line], labels: list[tuple[str, str]]) -> list[Hit]:
    """Find ``(key, regex)`` labels at the start of lines; value on the same or the next line.

    A label with a value on its line needs a separator (":" or the end of a bold/term cell),
    so prose such as "Secretariat of this committee is held by …" is never read as a label.
    """
    label_re = _label_re(tuple(labels))
    matches = [label_re.match(line.text) for line in lines]
    hits: list[Hit] = []
    for i, (line, m) in enumerate(zip(lines, matches, strict=True)):
        if not m:
            continue
        value = m.group("value").replace(MARK, " ").strip(" :")
        if value and not m.group("sep"):
            continue  # prose, not a label
        hrefs = line.hrefs
        nxt = lines[i + 1] if i + 1 < len(lines) and not matches[i + 1] else None
        if not value and nxt and len(nxt.text) <= _MAX_NEXT:  # a heading then prose is no value
            value = nxt.text.replace(MARK, " ").strip(" :")
            hrefs = nxt.hrefs
        key = next(k for k, _ in labels if m.group(k))
        label = clean(
            line.text[: m.start("sep")] if m.group("sep") else line.text[: m.start("value")]
        )
        paren = m.group("paren")
        hits.append(
            Hit(key, label.strip(f" {MARK}"), paren and paren[1:-1], clean(value) or "", hrefs)
        )
    return hits


_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Eng|Ir|Dipl\.-Ing)\.?\s+)+", re.I
)
_VACANT = re.compile(
    r"^(?:-+|–|—|vacant|vacancy|n/?a|tbd|to be (?:appointed|confirmed|announced)|none)$", re.I
)
_UNTIL = re.compile(
    r"\buntil\s+(?:the\s+)?(?:end\s+(?:of\s+)?)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)", re.I
)
_FROM = re.compile(r"\b(?:from|as of|starting)\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)", re.I)


def is_vacant(value: str | None) -> bool:
    return not value or bool(_VACANT.match(value.strip()))


def term_dates(*texts: str | None) -> dict:
    """``term_end`` from "until end 2027" / "until 2027-12-31"; ``term_start`` from "from 2026"."""
    out: dict = {}
    for text in texts:
        if not text:
            continue
        if (m := _UNTIL.search(text)) and "term_end" not in out:
            out["term_end"] = m.group(1)
        if (m := _FROM.search(text)) and "term_start" not in out:
            out["term_start"] = m.group(1)
    return out


def split_person(value: str) -> tuple[str | None, dict]:
    """Strip titles and trailing parentheses from a printed name.

    Returns the clean name and extras: ``term_end``/``term_start`` from "(until …)"/"(from …)",
    ``country``/``country_raw`` when a parenthesis is a country as printed ("(DE)", "(Japan)").
    """
    extra: dict = {}
    name = value
    while m := re.search(r"\s*\(([^()]*)\)\s*$", name):
        inner = m.group(1).strip()
        dates = term_dates(inner)
        if dates:
            extra.update({k: v for k, v in dates.items() if k not in extra})
        elif (code := to_alpha2(inner)) and "country" not in extra:
            extra.update(country=code, country_raw=inner)
        else:
            break
        name = name[: m.start()]
    extra.update({k: v for k, v in term_dates(name).items() if k not in extra})
    name = re.split(r"\s*[,;–—]?\s*\buntil\b", name, flags=re.I)[0]
    name = _TITLES.sub("", clean(name) or "")
    return clean(name), extra


# ---------------------------------------------------------------------------- ISO specifics
_SEG = r"[A-Z][\w'’.-]*(?: (?:\d+[A-Z]?|[Cc]ommittee))?"
#: "ISO/TC 20/SC 1", "ISO/IEC JTC 1/SC 42", "IEC/ISO JTC 3", "ISO/COUNCIL"; title words never.
REF_RE = re.compile(rf"(?:ISO/IEC|IEC/ISO|ISO)(?: (?=[A-Z]{{2}})|/){_SEG}(?:/{_SEG})*")
_ERROR = re.compile(
    r"page not found|\b404\b|not found|server error|\b50[0234]\b|service unavailable|"
    r"under maintenance|access denied|forbidden|something went wrong",
    re.I,
)
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


def _heading_texts(root: etree._Element) -> list[str]:
    title = title_el(root)
    texts = [get_text(title, " ")] if title is not None else []
    texts += [get_text(h, " ") for h in root.iter("h1", "h2")]
    return [t for t in (clean(x) for x in texts) if t]


def _reference(
    root: etree._Element, headings: list[str] | None = None
) -> tuple[str | None, str | None]:
    """Committee reference and title from "ISO - ISO/TC 20/SC 1 - Title" or the h1/h2."""
    for text in _heading_texts(root) if headings is None else headings:
        parts = [p.strip() for p in re.split(r"\s+[-–|]\s+", text)]
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


def _check_error(root: etree._Element, text: str, headings: list[str] | None = None) -> None:
    if not text.strip():
        raise ErrorPage("empty page")
    for heading in _heading_texts(root) if headings is None else headings:
        stripped = REF_RE.sub(" ", heading)
        if _ERROR.search(stripped):
            raise ErrorPage(f"error page: {heading!r}")


def _check_language(root: etree._Element, url: str) -> None:
    html = root if root.tag == "html" else next(root.iter("html"), None)
    lang = (html.get("lang") or "").strip().lower() if html is not None else ""
    seg = _LANG_SEGMENT.search(urlsplit(url).path)
    if (lang and not lang.startswith("en")) or seg:
        found = lang or seg.group(1)
        raise LayoutChanged(
            f"non-English page (language {found!r}): labels are translated; parse the English "
            "page https://www.iso.org/committee/{id}.html instead"
        )


def iso_id(url: str) -> int | None:
    """Committee id from ``/committee/{id}.html`` (also the mirrors' ``/committee/48/82/{id}.html``)."""
    m = re.search(r"/committee/(?:\d+/)*(\d+)(?:\.html|/|$)", urlsplit(url).path)
    return int(m.group(1)) if m else None


def parse(body: bytes | str, url: str) -> list[dict]:
    """Return secretariat, committee manager/secretary, chair, chair-elect and ISO/CS staff posts."""
    root, text = read_page(body)
    headings = _heading_texts(root)
    _check_error(root, text, headings)
    _check_language(root, url)
    ref, name = _reference(root, headings)
    lines = page_lines(root)
    hits = find_labelled(lines, LABELS)
    if ref is None:
        if not hits and any(_FOREIGN.match(ln.text) for ln in lines):
            raise LayoutChanged("non-English page: only translated labels found")
        raise LayoutChanged("no committee reference (ISO/…) in the title or h1/h2")
    officers = [h for h in hits if h.key != "created" and not is_vacant(h.value)]
    if not officers:
        if any(_FOREIGN.match(ln.text) for ln in lines):
            raise LayoutChanged("non-English page: only translated labels found")
        raise NoRosterFound(f"{ref}: no Secretariat/Committee Manager/Chairperson labels")
    created = next((h.value for h in hits if h.key == "created" and h.value), None)
    m = re.search(r"\d{4}(?:-\d{2}-\d{2})?", created or "")
    parent = ref.rsplit("/", 1)[0] if re.search(r"/SC \S+$", ref) else None
    common = {"group_name": name, "created": m.group(0) if m else None, "iso_id": iso_id(url)}
    if parent:
        common["parent_group"] = parent
    records: list[dict] = []
    seen: set[tuple] = set()
    for hit in officers:
        if hit.key == "secretariat":
            rec = _secretariat(ref, hit, url, common)
        else:
            person, extra = split_person(hit.value)
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
    m = re.match(r"([A-Z][A-Za-z&.\- ]*?[A-Za-z.])\s*(?:[(\[]([^)\]]+)[)\]])?$", hit.value)
    acronym = clean(m.group(1)) if m else hit.value
    extra: dict = {"member_body": acronym, "member_body_raw": hit.value}
    if m and m.group(2) and (code := to_alpha2(m.group(2))):
        extra.update(country_raw=clean(m.group(2)), country_basis="printed")
    else:
        code = None
    member = next((re.search(r"/member/(\d+)", h) for h in hit.hrefs if "/member/" in h), None)
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
    root, text = read_page(body)
    headings = _heading_texts(root)
    _check_error(root, text, headings)
    parent, _ = _reference(root, headings)
    if parent is None:
        raise LayoutChanged("no committee reference (ISO/…) in the title or h1/h2")
    table = next(
        (t for t in root.iter("table") if "committee-children" in (t.get("id") or "")), None
    )
    if table is None:
        table = next(
            (t for t in root.iter("table") if _SUBCOMMITTEE.search(get_text(t, " ")[:300])),
            None,
        )
    if table is None:
        return []
    records = []
    for row in table.iter("tr"):
        link = next((a for a in row.iter("a") if "/committee/" in (a.get("href") or "")), None)
        code = clean(get_text(link, " ")) if link is not None else None
        if not code or not REF_RE.fullmatch(code):
            continue
        cells = [c for c in row.iter("td") if not _contains(c, link)]
        title_cell = next(
            (td for td in row.iter("td") if _TITLE_ATTR.search(td.get("data-title") or "")),
            None,
        )
        if title_cell is None:
            title_cell = cells[0] if cells else None
        records.append(
            {
                "kind": "group",
                "body": BODY,
                "group": code,
                "group_name": clean(get_text(title_cell, " ")) if title_cell is not None else None,
                "parent_group": parent,
                "iso_id": iso_id(link.get("href")),
                "source_url": url,
            }
        )
    return records


_TITLE_ATTR = re.compile("title", re.I)
_SUBCOMMITTEE = re.compile(r"subcommittee", re.I)


def _contains(el: etree._Element, other: etree._Element) -> bool:
    """True when ``other`` is a strict descendant of ``el``."""
    return any(p is el for p in other.iterancestors())

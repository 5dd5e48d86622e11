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

The label/line helpers (:func:`page_lines`, :func:`find_labelled`, :func:`split_person`) are
reused by the IEC parsers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate
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
from crawlers.parsers.html import get_text, parse_html
from tracker.normalise.countries import to_alpha2

PARSER_NAME = "iso-committee"
PARSER_VERSION = "2"  # 2: labels ended by bold/label elements
BODY = "ISO"

# ---------------------------------------------------------------- shared line/label helpers
#: Put in the rendered text at the end of a label-like element (strong, b, dt, th, label),
#: where it is recorded (:attr:`Line.label_ends`).  White space, so it never stays in a line.
MARK = "\x1f"
_BLOCK = set(
    "address article aside blockquote body br caption dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
_LABEL_TAGS = {"strong", "b", "dt", "th", "label"}
_SKIP = {"script", "style", "noscript", "template", "head", "svg"}
_MAX_NEXT = 120  # longest value taken from the line after a bare label

# How page_lines treats a node, by its tag (elements not listed are inline: 0).  Comments,
# processing instructions and entities are skipped like the _SKIP elements (tails kept).
_IS_BLOCK, _IS_LABEL, _IS_LINK, _SKIPPED = 1, 2, 4, 8
_KIND: dict[object, int] = {name: _SKIPPED for name in _SKIP}
_KIND.update({etree.Comment: _SKIPPED, etree.ProcessingInstruction: _SKIPPED})
_KIND[etree.Entity] = _SKIPPED
for _name in _BLOCK:
    _KIND[_name] = _IS_BLOCK
for _name in _LABEL_TAGS:
    _KIND[_name] = _KIND.get(_name, 0) | _IS_LABEL
_KIND["a"] = _IS_LINK
_CUT = "\0"  # a line cut in the rendered text: libxml2 text and attributes never hold NUL


@dataclass
class Line:
    text: str
    hrefs: list[str] = field(default_factory=list)
    #: Offsets in ``text`` where a label-like element ended (read like ":" after a label).
    label_ends: list[int] = field(default_factory=list)


@dataclass
class Hit:
    key: str
    label: str  # the label as printed, without the separator (e.g. "Chairperson (until end 2027)")
    paren: str | None  # text inside the label's parentheses
    value: str  # the value as printed (may be "")
    hrefs: list[str]


def read_page(body: bytes | str) -> tuple[etree._Element, str]:
    """The ``<html>`` root of a page and its decoded text (for the empty-page check)."""
    return parse_html(body), decode(body)


def _read(body: bytes | str) -> tuple[etree._Element, bool]:
    """The ``<html>`` root of a page and whether the page is blank (``not decode(body).strip()``).

    A page whose first byte after ASCII white space is a visible ASCII character (``<`` for
    any HTML page) is not blank in any of the encodings ``decode`` tries, so only other pages
    are decoded for the check.
    """
    if isinstance(body, bytes):
        visible_ascii = b" " < body[:64].lstrip()[:1] < b"\x80"
        blank = not visible_ascii and not decode(body).strip()
    else:
        blank = not body.strip()
    return parse_html(body), blank


def _render(
    root: etree._Element,
) -> tuple[list[str], dict[int, list[str]], dict[int, list[int]]]:
    """The texts of :func:`page_lines`, the links and the label ends of each (by line index,
    only lines that have some).

    The page text is collected in one list with a ``_CUT`` before and after every block
    element and a ``MARK`` after every label-like element, then cleaned in one go: NFC, white
    space (including ``MARK``) collapsed, cut into segments; the non-empty segments are the
    lines.  A link belongs to the segment it starts in.  A label end is the length of its
    segment's cleaned text before the ``MARK``.  Left out are the ends that no label can use:
    one right before a cut (it ends its line, nothing follows it there) and one right after a
    ":" (the colon separates already; no label, parenthesis or "[…]" ends with one).
    """
    out: list[str] = [_CUT]
    links: list[tuple[int, str]] = []  # (position in out, href)
    marks: list[int] = []  # positions of MARK in out
    _walk(root, out, links, marks)
    out.append(_CUT)
    text = "".join(out)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # as clean() does; NUL never composes
    segments = list(map(str.strip, " ".join(text.split()).split(_CUT)))
    texts = list(filter(None, segments))
    hrefs: dict[int, list[str]] = {}
    ends: dict[int, list[int]] = {}
    marks = [
        pos
        for pos in marks
        if out[pos + 1] != _CUT and not out[pos - 1].rstrip().endswith((":", "："))
    ]
    if links or marks:
        line_no = list(accumulate(map(bool, segments)))  # 1 + index of a segment's line
        seg = done = 0
        for pos, href in links:
            seg += out[done:pos].count(_CUT)  # the segment of out[pos]: cuts before it
            done = pos
            if segments[seg]:
                hrefs.setdefault(line_no[seg] - 1, []).append(href)
        seg = done = 0
        for pos in marks:
            seg += out[done:pos].count(_CUT)
            done = pos
            if segments[seg]:
                start = pos  # the segment starts after the last cut before out[pos]
                while out[start - 1] != _CUT:
                    start -= 1
                before = "".join(out[start:pos])
                if not before.isascii():
                    before = unicodedata.normalize("NFC", before)  # never composes across MARK
                ends.setdefault(line_no[seg] - 1, []).append(len(" ".join(before.split())))
    return texts, hrefs, ends


def _walk(
    node: etree._Element, out: list[str], links: list[tuple[int, str]], marks: list[int]
) -> None:
    """Append the strings of ``node``'s content to ``out`` (see :func:`_render`)."""
    text = node.text
    if text is not None:
        out.append(text)
    for child in node:
        kind = _KIND.get(child.tag, 0)
        if kind == 0 or kind == _IS_BLOCK:  # the common cases, inline and plain block
            if kind:
                out.append(_CUT)
            if len(child):
                _walk(child, out, links, marks)
            else:
                text = child.text
                if text is not None:
                    out.append(text)
            if kind:
                out.append(_CUT)
        elif kind != _SKIPPED:
            if kind == _IS_LINK and (href := child.get("href")):
                links.append((len(out), href))
            if kind & _IS_BLOCK:
                out.append(_CUT)
            _walk(child, out, links, marks)
            if kind & _IS_LABEL:
                marks.append(len(out))
                out.append(MARK)
            if kind & _IS_BLOCK:
                out.append(_CUT)
        text = child.tail
        if text is not None:
            out.append(text)


def page_lines(root: etree._Element) -> list[Line]:
    """Render the page body as text lines cut at block elements (see module docstring).

    A line's text is cleaned (a label-like element's end is a space in it, never ``MARK``);
    :attr:`Line.label_ends` says where, in that text, such an element ended inside the line.
    """
    texts, hrefs, ends = _render(root)
    return [Line(text, hrefs.get(i) or [], ends.get(i) or []) for i, text in enumerate(texts)]


@functools.lru_cache(maxsize=32)
def _label_re(labels: tuple[tuple[str, str], ...]) -> re.Pattern:
    alt = "|".join(f"(?P<{key}>{rx})" for key, rx in labels)
    return re.compile(
        rf"^(?:{alt})\s*(?P<paren>\([^)]*\))?\s*(?P<abbr>\[[^\]]*\])?\s*"
        r"(?P<sep>(?:[:：]\s*)+)?(?P<value>.*)$",
        re.I,
    )


def find_labelled(lines: list[Line], labels: list[tuple[str, str]]) -> list[Hit]:
    """Find ``(key, regex)`` labels at the start of lines; value on the same or the next line.

    A label with a value on its line needs a separator: ":" or the end of a bold/term element
    right after the label, its parentheses or its "[abbreviation]" (:attr:`Line.label_ends`),
    so prose such as "Secretariat of this committee is held by …" is never read as a label.
    After a label-element end alone, a value that starts in lower case (other than "vacant",
    "n/a" …) is prose too: "<b>Secretariat</b> of this committee is held by …".
    """
    return _labelled(
        [line.text for line in lines],
        {i: line.hrefs for i, line in enumerate(lines)},
        {i: line.label_ends for i, line in enumerate(lines) if line.label_ends},
        labels,
    )


def _labelled(
    texts: list[str],
    hrefs: dict[int, list[str]],
    ends: dict[int, list[int]],
    labels: list[tuple[str, str]],
) -> list[Hit]:
    """:func:`find_labelled` over line texts, their links and label ends (by line index;
    absent when none)."""
    label_re = _label_re(tuple(labels))
    keys = [key for key, _ in labels]
    matches = list(map(label_re.match, texts))
    last = len(texts) - 1
    hits: list[Hit] = []
    for i, m in enumerate(matches):
        if m is None:
            continue
        value, sep, paren = m.group("value", "sep", "paren")
        value = value.strip(" :")
        key = next(filter(m.group, keys))
        if value and not sep:
            at_end = ends.get(i, ())  # m.end() of an unmatched group is -1: never in it
            if not (m.end(key) in at_end or m.end("paren") in at_end or m.end("abbr") in at_end):
                continue  # prose, not a label
            if value[0].islower() and not _VACANT.match(value):
                continue  # "<b>Secretariat</b> of this committee is …": prose in bold
        at = i
        if not value and i < last and matches[i + 1] is None:
            nxt = texts[i + 1]
            if len(nxt) <= _MAX_NEXT:  # a heading then prose is no value
                value = nxt.strip(" :")
                at = i + 1
        text = texts[i]
        label = clean(text[: m.start("sep")] if sep else text[: m.start("value")])
        hits.append(
            Hit(
                key,
                label,
                paren and paren[1:-1],
                clean(value) or "",
                hrefs.get(at, []),
            )
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
_UNTIL_ON = re.compile(r"\s*[,;–—]?\s*\buntil\b", re.I)
_LAST_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")


def _may_match(text: str, words: tuple[str, ...]) -> bool:
    """False when ``text`` is ASCII and holds none of the (lower-case) ``words`` in any case.

    A ``re.I`` pattern each of whose matches holds one of the words cannot match such a text
    (with non-ASCII text, ``re.I`` also matches e.g. "ı" to "i", so the pattern must be tried).
    """
    if not text.isascii():
        return True
    low = text.lower()
    for word in words:
        if word in low:
            return True
    return False


_UNTIL_WORDS = ("until",)
_FROM_WORDS = ("from", "as of", "starting")


def is_vacant(value: str | None) -> bool:
    return not value or bool(_VACANT.match(value.strip()))


def term_dates(*texts: str | None) -> dict:
    """``term_end`` from "until end 2027" / "until 2027-12-31"; ``term_start`` from "from 2026"."""
    out: dict = {}
    for text in texts:
        if not text:
            continue
        if "term_end" not in out and _may_match(text, _UNTIL_WORDS):
            if m := _UNTIL.search(text):
                out["term_end"] = m.group(1)
        if "term_start" not in out and _may_match(text, _FROM_WORDS):
            if m := _FROM.search(text):
                out["term_start"] = m.group(1)
    return out


def split_person(value: str) -> tuple[str | None, dict]:
    """Strip titles and trailing parentheses from a printed name.

    Returns the clean name and extras: ``term_end``/``term_start`` from "(until …)"/"(from …)",
    ``country``/``country_raw`` when a parenthesis is a country as printed ("(DE)", "(Japan)").
    """
    extra: dict = {}
    name = value
    while name.rstrip().endswith(")") and (m := _LAST_PAREN.search(name)):
        inner = m.group(1).strip()
        dates = term_dates(inner)
        if dates:
            extra.update({k: v for k, v in dates.items() if k not in extra})
        elif (code := to_alpha2(inner)) and "country" not in extra:
            extra.update(country=code, country_raw=inner)
        else:
            break
        name = name[: m.start()]
    until = _may_match(name, _UNTIL_WORDS)
    if until or _may_match(name, _FROM_WORDS):
        extra.update({k: v for k, v in term_dates(name).items() if k not in extra})
    if until and (m := _UNTIL_ON.search(name)):
        name = name[: m.start()]
    name = clean(name) or ""
    if m := _TITLES.match(name):  # the pattern is anchored: at most one match
        name = name[m.end() :]
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
        if _may_match(heading, _ERROR_WORDS) and _ERROR.search(REF_RE.sub(" ", heading)):
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
    root, blank = _read(body)
    headings = _heading_texts(root)
    _check_error(blank, headings)
    path = urlsplit(url).path
    _check_language(root, path)
    ref, name = _reference(root, headings)
    texts, hrefs, ends = _render(root)
    hits = _labelled(texts, hrefs, ends, LABELS)
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
    root, blank = _read(body)
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
    return _may_match(text, ("subcommittee",)) and bool(_SUBCOMMITTEE.search(text))

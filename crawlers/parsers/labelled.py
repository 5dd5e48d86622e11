"""Label-driven reading of pages whose officers are known only as page text (ISO and IEC).

A page is rendered as text lines (:func:`page_lines`): a line is cut at every block element
(``p``, ``li``, ``div``, ``dt``/``dd``, ``td``/``th`` …), inline elements (``a``, ``span``,
``strong``) stay on their line, and where a ``strong``/``b``/``dt``/``th``/``label`` ended is
kept beside the line's text (:attr:`Line.label_ends`; the text only has a space there).
:func:`find_labelled` takes a label either with its value on the same line ("Label: value",
``<strong>Label</strong> value``) or alone on its line with the value on the next line
(definition lists, two-cell table rows).  :func:`split_person` and :func:`term_dates` read the
names and "(until …)"/"(from …)" terms of the values.

Used by :mod:`crawlers.parsers.iso_committee`, :mod:`crawlers.parsers.iec_committee` and
:mod:`crawlers.parsers.iec_np_vote`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate

from lxml import etree

from crawlers.parsers.common import clean, decode
from crawlers.parsers.html import parse_html
from tracker.normalise.countries import to_alpha2

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


def read_root(body: bytes | str) -> tuple[etree._Element, bool]:
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


def render_lines(
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
    """Append the strings of ``node``'s content to ``out`` (see :func:`render_lines`)."""
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
    texts, hrefs, ends = render_lines(root)
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
    return labelled_hits(
        [line.text for line in lines],
        {i: line.hrefs for i, line in enumerate(lines)},
        {i: line.label_ends for i, line in enumerate(lines) if line.label_ends},
        labels,
    )


def labelled_hits(
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


def may_match(text: str, words: tuple[str, ...]) -> bool:
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
        if "term_end" not in out and may_match(text, _UNTIL_WORDS):
            if m := _UNTIL.search(text):
                out["term_end"] = m.group(1)
        if "term_start" not in out and may_match(text, _FROM_WORDS):
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
    until = may_match(name, _UNTIL_WORDS)
    if until or may_match(name, _FROM_WORDS):
        extra.update({k: v for k, v in term_dates(name).items() if k not in extra})
    if until and (m := _UNTIL_ON.search(name)):
        name = name[: m.start()]
    name = clean(name) or ""
    if m := _TITLES.match(name):  # the pattern is anchored: at most one match
        name = name[m.end() :]
    return clean(name), extra

"""Pieces shared by the ITU-T parsers: person strings, countries, error pages, ASP.NET spans.

Person strings (SOURCES.md 1.1 "Names", SEEN-IN-PAGE-TEXT) come in three shapes:

* ``Mr. Yutaka MIYAKE (KDDI, Japan)``: organisation and country in trailing brackets;
* ``Mr Leo Lehmann, OFCOM, Switzerland``: comma-separated;
* ``Mr. Vasily DOLMATOV (Russia)``: a government delegate, country only.

A bracket or comma part counts as a country only when ``to_alpha2`` resolves it; ITU prints
country *names*, so two- and three-letter tokens ("CAN", "WHO") are read as organisations
except for the usual "UK", "US", "USA".  Strings without brackets or commas ("Yair LAHAV ECI
Telecom Ltd. Israel") are not split: the whole text is the person.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from crawlers.parsers.common import ErrorPage, clean
from tracker.normalise.countries import to_alpha2

BODY = "ITU-T"

_TITLE = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|prof|professor|sir)\b\.?\s*)+", re.I)
_SHORT_COUNTRY_FORMS = {"UK", "US", "USA", "U.K.", "U.S.", "U.S.A."}
_ERROR_PHRASES = (
    "page not found",
    "sorry, something went wrong",
    "server error in",
    "runtime error",
    "the resource cannot be found",
    "http error 404",
    "404 not found",
    "403 forbidden",
    "service unavailable",
    "an unexpected error has occurred",
    "the page you are looking for",
    "access denied",
)


def strip_title(name: str | None) -> str | None:
    """Drop leading courtesy titles ("Mr.", "Ms", "Dr", "Prof. Dr.") and keep the printed case."""
    text = clean(name)
    if not text:
        return None
    return clean(_TITLE.sub("", text))


def has_title(text: str) -> bool:
    """True when the text starts with a courtesy title followed by a name."""
    m = _TITLE.match(text.strip())
    return bool(m) and bool(text.strip()[m.end() :].strip())


def country_of(text: str | None) -> str | None:
    """Alpha-2 of a printed country name, refusing bare 2/3-letter codes (see module doc)."""
    text = clean(text)
    if not text:
        return None
    if len(text.replace(".", "")) <= 3 and text.upper() not in _SHORT_COUNTRY_FORMS:
        return None
    return to_alpha2(text)


def split_top(text: str, separators: str = ",") -> list[str]:
    """Split on single-character ``separators`` that are not inside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _trailing_brackets(text: str) -> tuple[str, str] | None:
    """``("Mr X", "KDDI, Japan")`` for ``"Mr X (KDDI, Japan)"``; nested brackets allowed."""
    text = text.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                head = text[:i].strip()
                return (head, text[i + 1 : -1].strip()) if head else None
    return None


def _org_and_country(parts: list[str]) -> tuple[str | None, str | None]:
    """Split "organisation…, country" parts; the country is the last one or two parts."""
    parts = [p for p in parts if p]
    if not parts:
        return None, None
    if len(parts) >= 2 and country_of(", ".join(parts[-2:])):
        return ", ".join(parts[:-2]) or None, ", ".join(parts[-2:])  # "Korea, Republic of"
    if country_of(parts[-1]):
        return ", ".join(parts[:-1]) or None, parts[-1]
    return ", ".join(parts), None


def split_person(text: str | None) -> dict:
    """Parse an ITU person string into person, organisation and country (raw and alpha-2).

    >>> split_person("Mr. Yutaka MIYAKE (KDDI, Japan)")["country"]
    'JP'
    """
    raw = clean(text) or ""
    name, org, country_raw = raw, None, None
    bracketed = _trailing_brackets(raw)
    if bracketed:
        name, inner = bracketed
        org, country_raw = _org_and_country(split_top(inner))
    elif "," in raw:
        first, *rest = split_top(raw)
        name = first
        org, country_raw = _org_and_country(rest)
    return {
        "person": strip_title(name),
        "person_raw": clean(name),
        "organization": clean(org),
        "country": country_of(country_raw),
        "country_raw": clean(country_raw),
    }


def raise_if_error_page(soup: BeautifulSoup) -> None:
    """Raise :class:`ErrorPage` when the title, a heading or a short page reads as an error."""
    heads = [soup.title] + soup.find_all(["h1", "h2"], limit=6)
    texts = [clean(t.get_text(" ")) or "" for t in heads if t is not None]
    body_text = clean(soup.get_text(" ")) or ""
    if len(body_text) < 3000:
        texts.append(body_text)
    for text in texts:
        low = text.lower()
        for phrase in _ERROR_PHRASES:
            if phrase in low:
                raise ErrorPage(f"ITU-T error page: {text[:120]!r}")
        if low in {"error", "404", "not found"}:
            raise ErrorPage(f"ITU-T error page: {text!r}")


_LINE_BREAKS = frozenset({"br", "p", "div", "li", "tr"})


def text_lines(tag: Tag | None, blocks: frozenset[str] = _LINE_BREAKS) -> list[str]:
    """The cleaned, non-empty lines of an element: ``<br>`` and ``blocks`` elements break lines.

    A block element breaks the line before and after itself, so text following a closed
    ``<p>`` starts a new line too.
    """
    if tag is None:
        return []
    chunks: list[str] = []
    _walk(tag, blocks, chunks)
    return [line for line in (clean(x) for x in "".join(chunks).split("\n")) if line]


def _walk(node: Tag, blocks: frozenset[str], out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skip comments, CDATA, doctype
                out.append(str(child))
        elif child.name == "br":
            out.append("\n")
        elif child.name in blocks:
            out.append("\n")
            _walk(child, blocks, out)
            out.append("\n")
        else:
            _walk(child, blocks, out)


def span_items(soup: BeautifulSoup, fields: dict[str, str]) -> list[dict[str, Tag]]:
    """Group the ASP.NET ``<span>`` fields of a data-bound list into items, in page order.

    ``fields`` maps a field name to a regex matched (case-insensitively, *contained*) in the
    span ids, e.g. ``{"fname": "lblFName"}``.  Spans belong to the same item when their ids
    are equal once the field token is removed (``..._lblFName_3`` and ``..._lblCompany_3``);
    a repeated field under the same key starts a new item, so pages that repeat one id on
    every row still split into rows.  Returns one ``{field: span}`` dict per item.
    """
    pattern = re.compile(
        "(" + "|".join(f"(?P<{k}>{v})(?![a-z])" for k, v in fields.items()) + ")", re.I
    )
    items: list[dict[str, Tag]] = []
    current: dict[str, dict[str, Tag]] = {}
    for span in soup.find_all("span", id=True):
        ident = str(span["id"])
        m = pattern.search(ident)
        if not m:
            continue
        field = next(k for k, v in m.groupdict().items() if v is not None)
        key = ident[: m.start()] + "*" + ident[m.end() :]
        item = current.get(key)
        if item is None or field in item:
            item = {}
            current[key] = item
            items.append(item)
        item[field] = span
    return items


def span_text(item: dict[str, Tag], field: str) -> str | None:
    """The cleaned text of one field of a :func:`span_items` item (None when absent/empty)."""
    span = item.get(field)
    return clean(span.get_text(" ")) if span is not None else None

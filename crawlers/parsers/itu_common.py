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
from collections.abc import Callable
from functools import lru_cache
from itertools import islice

from lxml import etree

from crawlers.parsers.common import ErrorPage, clean
from crawlers.parsers.html import NO_TEXT, get_text, parse_html, text_lines
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
_ERROR_TEXTS = frozenset({"error", "404", "not found"})  # a whole text that is only this
# One word (or part of one) of every phrase and text above: see _surely_not_error.
_ERROR_WORDS = ("error", "found", "404", "wrong", "forbidden", "unavailable", "looking", "denied")
if not all(
    any(w in word for word in text.split() for w in _ERROR_WORDS)
    for text in (*_ERROR_PHRASES, *_ERROR_TEXTS)
):
    raise AssertionError("every ITU-T error phrase needs one of _ERROR_WORDS")


def strip_title(name: str | None) -> str | None:
    """Drop leading courtesy titles ("Mr.", "Ms", "Dr", "Prof. Dr.") and keep the printed case."""
    text = clean(name)
    if not text:
        return None
    m = _TITLE.match(text)
    return clean(text[m.end() :]) if m else text  # ``text`` is clean already


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
    bracketed = _trailing_brackets(raw)
    if bracketed:
        name, inner = bracketed
        org, country, country_raw = _affiliation(inner)
    else:
        name, org, country_raw = raw, None, None
        if "," in raw:
            first, *rest = split_top(raw)
            name = first
            org, country_raw = _org_and_country(rest)
        org, country, country_raw = clean(org), country_of(country_raw), clean(country_raw)
    return {
        "person": strip_title(name),
        "person_raw": clean(name),
        "organization": org,
        "country": country,
        "country_raw": country_raw,
    }


@lru_cache(maxsize=4096)
def _affiliation(inner: str) -> tuple[str | None, str | None, str | None]:
    """(organisation, alpha-2, country as printed) of a bracket's "KDDI, Japan".

    Memoised: the text is an organisation and a country, which repeat from page to page.
    """
    org, country_raw = _org_and_country(split_top(inner))
    return clean(org), country_of(country_raw), clean(country_raw)


def raise_if_error_page(doc) -> None:
    """Raise :class:`ErrorPage` when the title, a heading or a short page reads as an error.

    ``doc`` is an lxml root (:func:`parse_html`); a BeautifulSoup object is accepted too.
    Most pages are settled by :func:`_surely_not_error` without reading any text as a string.
    """
    if hasattr(doc, "find_all"):  # BeautifulSoup
        doc = parse_html(str(doc))
    if _surely_not_error(doc):
        return
    heads = [next(doc.iter("title"), None), *islice(doc.iter("h1", "h2"), 6)]
    texts = [clean(get_text(t, " ")) or "" for t in heads if t is not None]
    body_text = clean(get_text(doc, " ")) or ""
    if len(body_text) < 3000:
        texts.append(body_text)
    for text in texts:
        low = text.lower()
        for phrase in _ERROR_PHRASES:
            if phrase in low:
                raise ErrorPage(f"ITU-T error page: {text[:120]!r}")
        if low in _ERROR_TEXTS:
            raise ErrorPage(f"ITU-T error page: {text!r}")


def _surely_not_error(doc: etree._Element) -> bool:
    """A cheap, conservative pre-check of :func:`raise_if_error_page`: True only when it passes.

    The texts that function reads (title, headings, whole page) are ``get_text(el, " ")`` with
    white space collapsed, so each word of a phrase they contain lies within one text node.
    Without script/style/template/rt/rp elements every text node is in libxml2's text
    serialisation of ``doc`` (one C call), so when that, lower-cased, holds none of
    ``_ERROR_WORDS``, no phrase can be found and the page passes.  (NFC, which ``clean``
    applies first, never creates ASCII letters or digits that ``lower()`` does not give as
    well.)  Otherwise, or with those elements, the full check decides.
    """
    if next(doc.iter(*NO_TEXT), None) is not None:
        return False
    text = etree.tostring(doc, method="text", encoding=str, with_tail=False).lower()
    return not any(word in text for word in _ERROR_WORDS)


@lru_cache(maxsize=64)
def _span_field(pattern: re.Pattern) -> Callable[[str], tuple[str, str] | None]:
    """A cached ``id -> (field, item key)`` classifier for one field pattern (ids repeat)."""

    @lru_cache(maxsize=4096)
    def classify(ident: str) -> tuple[str, str] | None:
        m = pattern.search(ident)
        if not m:
            return None
        field = next(k for k, v in m.groupdict().items() if v is not None)
        return field, ident[: m.start()] + "*" + ident[m.end() :]

    return classify


def span_items(doc: etree._Element, fields: dict[str, str]) -> list[dict[str, etree._Element]]:
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
    classify = _span_field(pattern)
    items: list[dict[str, etree._Element]] = []
    current: dict[str, dict[str, etree._Element]] = {}
    for span in doc.iter("span"):
        ident = span.get("id")
        if ident is None:
            continue
        found = classify(ident)
        if found is None:
            continue
        field, key = found
        item = current.get(key)
        if item is None or field in item:
            item = {}
            current[key] = item
            items.append(item)
        item[field] = span
    return items


def span_text(item: dict[str, etree._Element], field: str) -> str | None:
    """The cleaned text of one field of a :func:`span_items` item (None when absent/empty)."""
    span = item.get(field)
    if span is None:
        return None
    if len(span) or span.tag in NO_TEXT:
        return clean(get_text(span, " "))
    text = span.text  # get_text of an element without children
    if text is not None and text.isascii():
        return " ".join(text.split()) or None  # clean() of ASCII text
    return clean(text)


def span_lines(span: etree._Element | None) -> list[str]:
    """``text_lines(span)``, short-cut for the usual span holding text only."""
    if span is None or len(span) or span.tag in NO_TEXT:
        return text_lines(span)
    return [line for line in (clean(x) for x in (span.text or "").split("\n")) if line]

"""ITU-T focus-group pages: ``/en/ITU-T/focusgroups/{acr}/Pages/….aspx``.

Page shape: **UNVERIFIED-GUESS** (SOURCES.md 1.2: the ``ai4h`` page text shows no officers; a
"Management"/"Chairman"/"Vice-chairmen" block is a guess).  So the parser is label-driven over
the page's text lines, whatever the markup: paragraphs, ``<br>``, list items and table cells
each make a line.  A *label* is a line that is, or starts with, a role word and a colon:

* FG level: "Chairman:", "Chair:", "Co-chairs:", "Vice-chairmen:", "Vice-chairs" …
* sub-groups: "WG1 chair:", "Working Group 2 (…) – Co-chairs:", "Ad-hoc group on … Co-chair:"
  ("WG", "Working Group", "Ad-hoc group"/"AHG", "Topic group"/"TG", "Task group", "Sub-group").

Names follow on the same line and/or on the next lines (a heading or cell, then a list or a
cell).  Several names are split on ";", and on "," / "and" between bracketed entries or before a
title ("Mr", "Ms", "Dr", "Prof"); each name goes through ``itu_common.split_person``.  A
following line continues the label only while it looks like a person, so narrative text ends it.
Narrative forms ("chaired by Mr X") are not read.

Records: ``group`` is the FG acronym from ``config/itu_focus_groups.csv`` by URL slug
("ai4h" -> "FG-AI4H"; an unknown slug gives "FG-" + slug upper-cased and ``fg_known: False``).
Sub-group posts get ``group`` "FG-AN/WG2" (numbered) or "FG-AI4H/AHG-<printed name>"
(unnumbered), ``group_name`` the printed sub-group label, ``parent_group`` the FG and role
``wg_chair`` (chair and co-chair) or ``wg_vice_chair``.  FG-level posts get chair / co_chair /
vice_chair and ``parent_group`` the FG's parent group from the config.

Failures: error text -> ``ErrorPage``; no officer at all -> ``NoRosterFound``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from crawlers.parsers.common import NoRosterFound, clean, post_record
from crawlers.parsers.html import NO_TEXT, parse_html
from crawlers.parsers.itu_common import (
    BODY,
    country_of,
    has_title,
    raise_if_error_page,
    split_person,
    split_top,
)
from tracker import paths
from tracker.normalise.roles import normalise_role

PARSER_NAME = "itu-fg"
PARSER_VERSION = "1"

_BLOCKS = frozenset(
    "p div li tr td th h1 h2 h3 h4 h5 h6 ul ol table dt dd section article blockquote".split()
)
_SKIP = frozenset({"script", "style", "noscript", "head", "nav", "footer"})
_FG_PATH = re.compile(r"/focusgroups/([^/?#]+)", re.I)

_ROLE = r"(?P<role>(?P<co>co-?\s?)?(?P<vice>vice-?\s?)?chair(?:m[ae]n|wom[ae]n|persons?|s)?)"
_LABEL = re.compile(
    r"^(?P<scope>.{0,150}?)[\s,:–—-]*\b" + _ROLE + r"(?P<note>\s*\([^)]*\))?"
    r"(?:\s*(?:[:：]|[–—-](?=\s))\s*(?P<rest>.*))?$",
    re.I,
)
_SUBGROUP = re.compile(
    r"^(?P<kind>WG|working\s+group|ad[\s-]?hoc\s+group|AHG|topic\s+group|TG|task\s+group"
    r"|sub-?group)(?![a-z])\.?\s*(?P<num>\d+)?(?P<name>.*)$",
    re.I,
)
_KIND_CODE = {"wg": "WG", "working group": "WG", "ahg": "AHG", "ad hoc group": "AHG",
              "adhoc group": "AHG", "tg": "TG", "topic group": "TG", "task group": "TG",
              "subgroup": "SUB", "sub group": "SUB"}  # fmt: skip
_FG_SCOPE = re.compile(r"^(?:the\s+)?(?:FG[-\s]?[\w-]+|focus\s+group)$", re.I)
_KIND_SPACE = re.compile(r"[\s-]+")
_NAME_EDGES = re.compile(r"^[\s(–—:-]*(?:(?:on|for)\b)?\s*|[\s)–—:-]*$", re.I)
# A separator of ``_tokens``: ";", "," or the word "and", with the white space around it.
_SEP_SPLIT = re.compile(r"((?=[\s,;])\s*(?:;|,|\band\b)\s*)", re.I)
_NOT_NAME = {"group", "focus", "meeting", "meetings", "report", "reports", "documents",
             "document", "terms", "reference", "deliverables", "contact", "contacts",
             "secretariat", "news", "events", "working", "structure", "management", "home",
             "about", "information", "register", "registration", "itu", "itu-t", "page",
             "chair", "chairman", "vice-chairmen", "more"}  # fmt: skip
_CHAIR = re.compile("chair", re.I)  # in every label: a cheap test before ``_LABEL``
_NOT_PERSON = re.compile(r"\d|[:!?]")


def _lines_stylesheet() -> etree.XSLT:
    """The page's text lines as ``html.text_lines(body, _BLOCKS, _SKIP)`` cuts them, in C.

    Applied to the root, it renders the first ``<body>`` (the root when there is none) as text
    with a line break at each ``<br>`` and before and after each ``_BLOCKS`` element; ``_SKIP``
    elements are left out (their tails kept), and so are the strings inside the other ``NO_TEXT``
    elements, whose ``<br>`` and blocks still break lines; comments give nothing.
    """
    skip, blocks = " | ".join(sorted(_SKIP)), " | ".join(sorted(_BLOCKS))
    muted = " | ".join(sorted(NO_TEXT - _SKIP))
    nl = "<xsl:text>&#10;</xsl:text>"
    return etree.XSLT(
        etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
 <xsl:output method="text" encoding="utf-8"/>
 <xsl:template match="/">
  <xsl:choose>
   <xsl:when test="*[1]/body"><xsl:apply-templates select="*[1]/body[1]/node()"/></xsl:when>
   <xsl:otherwise><xsl:apply-templates select="*[1]/node()"/></xsl:otherwise>
  </xsl:choose>
 </xsl:template>
 <xsl:template match="{skip}"/>
 <xsl:template match="br">{nl}</xsl:template>
 <xsl:template match="{blocks}">{nl}<xsl:apply-templates/>{nl}</xsl:template>
 <xsl:template match="{muted}"><xsl:apply-templates mode="mute"/></xsl:template>
 <xsl:template match="{skip} | text()" mode="mute"/>
 <xsl:template match="br" mode="mute">{nl}</xsl:template>
 <xsl:template match="{blocks}" mode="mute">{nl}<xsl:apply-templates mode="mute"/>{nl}</xsl:template>
</xsl:stylesheet>""")
    )


_LINES = _lines_stylesheet()


@lru_cache(maxsize=1)
def load_focus_groups() -> tuple[dict, ...]:
    """Rows of ``config/itu_focus_groups.csv`` (``ai`` as bool, empty strings as None).

    Cached: treat the rows as read-only (``focus_group_for_url`` returns copies).
    """
    path = paths.CONFIG_DIR / "itu_focus_groups.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        row = {k: (v.strip() or None) for k, v in row.items()}
        row["ai"] = row.get("ai") == "1"
        rows.append(row)
    return tuple(rows)


def focus_group_for_url(url: str) -> dict:
    """The config row of the FG a page belongs to, from ``/focusgroups/{slug}/`` in the URL."""
    m = _FG_PATH.search(urlsplit(url).path)
    if not m:
        raise ValueError(f"not an ITU-T focus-group URL: {url}")
    slug = m.group(1).lower()
    for row in load_focus_groups():
        if (row["url_slug"] or "").lower() == slug:
            return {**row, "fg_known": True}
    return {"acronym": f"FG-{slug.upper()}", "url_slug": slug, "name": None,
            "parent_group": None, "fg_known": False}  # fmt: skip


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Chunks and separators ("," / "and") outside brackets."""
    pieces = _SEP_SPLIT.split(text)  # chunk, separator, chunk, …: separators in brackets too
    chunks, seps = [], []
    current = pieces[0]
    depth = _depth_after(0, current)
    for i in range(1, len(pieces), 2):
        sep, nxt = pieces[i], pieces[i + 1]
        if depth:  # inside brackets: not a separator
            current += sep + nxt
        else:
            chunks.append(current.strip())
            seps.append(sep.strip().lower())
            current = nxt
        depth = _depth_after(depth, nxt)
    chunks.append(current.strip())
    return chunks, seps


def _depth_after(depth: int, text: str) -> int:
    """The bracket depth after ``text``; a ")" with no open bracket is ignored."""
    if ")" not in text:
        return depth + text.count("(")
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth


def split_names(text: str) -> list[str]:
    """Split "A (X, Y) and B (Z)" / "Mr A, Ms B" / "A and B" lists; keep "A, Org, Country"."""
    out: list[str] = []
    for part in split_top(text, ";") if ";" in text else (text.strip(),):
        chunks, seps = _tokens(part)
        if len(chunks) == 1:
            merged = chunks
        elif any(has_title(c) or c.endswith(")") for c in chunks):
            merged = [chunks[0]]
            for sep, nxt in zip(seps, chunks[1:], strict=True):
                if merged[-1].endswith(")") or has_title(nxt):
                    merged.append(nxt)
                else:
                    merged[-1] += (", " if sep == "," else " and ") + nxt
        elif "," in seps and country_of(chunks[-1]):
            merged = [part]  # "Leo Lehmann, OFCOM, Switzerland"
        else:
            merged = chunks
        out.extend(m for m in merged if m)
    return out


def _who(text: str, people: dict[str, dict]) -> dict:
    """``split_person(text)``, computed once per text within one parse (``people``)."""
    who = people.get(text)
    if who is None:
        who = people[text] = split_person(text)
    return who


def _person_like(text: str, strict: bool, people: dict[str, dict]) -> bool:
    if has_title(text):
        return True
    if strict and "," not in text and not text.rstrip().endswith(")"):
        return False  # the result of the checks below whatever the name
    name = _who(text, people)["person"] or ""
    words = name.split()
    if not 1 <= len(words) <= 6 or _NOT_PERSON.search(name):
        return False
    if text.rstrip().endswith(")") or "," in text:
        return True
    if strict or len(words) < 2:
        return False
    return all(w[:1].isupper() and w.lower().strip(".") not in _NOT_NAME for w in words)


def _people_in(line: str, strict: bool, people: dict[str, dict]) -> list[str] | None:
    """The names of a line that continues a label, or None when it does not look like people."""
    if len(line) > 300 or line.endswith(":"):
        return None
    names = split_names(line)
    return names if all(_person_like(p, strict, people) for p in names) else None


def _label(line: str, fg: dict) -> tuple[tuple, str | None] | None:
    """The label a line opens and the names printed after it on the line, or None.

    The label is ``(role, role_raw, sub)``, ``sub`` a sub-group's ``(group code, printed name)``
    or None for an FG-level post (see ``_label_of``).
    """
    m = _LABEL.match(line) if _CHAIR.search(line) else None
    if not m:
        return None
    head = line[: m.end("note") if m.group("note") else m.end("role")]
    label = _label_of(
        head, m.end("scope"), bool(m.group("co")), bool(m.group("vice")), fg["acronym"]
    )
    return (label, clean(m.group("rest"))) if label else None


@lru_cache(maxsize=1024)
def _label_of(head: str, scope_end: int, co: bool, vice: bool, acronym: str) -> tuple | None:
    """Role, printed role and sub-group of a label (``head[:scope_end]`` is its scope), or None.

    A pure function of the printed label, so cached: labels repeat from page to page.
    """
    scope = clean(head[:scope_end].strip(" ,:–—-")) or ""
    sub = None
    if scope and not _FG_SCOPE.match(scope):
        sm = _SUBGROUP.match(scope)
        if not sm:
            return None
        kind = _KIND_CODE.get(_KIND_SPACE.sub(" ", sm.group("kind").lower()), "WG")
        name = clean(_NAME_EDGES.sub("", sm.group("name")))
        code = f"{kind}{int(sm.group('num'))}" if sm.group("num") else f"{kind}-{name or scope}"
        sub = (f"{acronym}/{code}", scope)
    base = "co chair" if co else "vice chair" if vice else "chair"
    return normalise_role(f"wg {base}" if sub else base), clean(head), sub


def _records(lines: list[str], fg: dict, url: str) -> list[dict]:
    people: dict[str, dict] = {}  # split_person results of this parse, by text
    # (label, name, whether the name is known to be person-like): names on the lines after a
    # label passed ``_person_like`` already (strict or not: strict only refuses more).
    found: list[tuple[tuple, str, bool]] = []
    current, strict = None, False
    for line in lines:
        opened = _label(line, fg)
        if opened:
            current, rest = opened
            strict = bool(rest)
            if rest:
                found.extend((current, n, False) for n in split_names(rest))
        elif current and (names := _people_in(line, strict, people)) is not None:
            found.extend((current, n, True) for n in names)
        else:
            current = None
    records, seen = [], set()
    for (role, role_raw, sub), text, person_like in found:
        who = _who(text, people)
        if not who["person"] or not (person_like or _person_like(text, False, people)):
            continue  # "to be appointed", "vacant", stray text
        group = sub[0] if sub else fg["acronym"]
        key = (group, role, who["person"].casefold())
        if key in seen:
            continue
        seen.add(key)
        record = post_record(
            body=BODY,
            group=group,
            role_raw=role_raw,
            source_url=url,
            group_name=sub[1] if sub else fg.get("name"),
            parent_group=fg["acronym"] if sub else fg.get("parent_group"),
            focus_group=fg["acronym"],
            fg_known=fg["fg_known"],
            **who,
        )
        record["role"] = role
        records.append(record)
    return records


def _text_lines(doc: etree._Element) -> list[str]:
    """The non-empty lines of the page's body (see ``_lines_stylesheet``), each ``clean``-ed.

    NFC, the first step of ``clean``, is applied to the whole text at once: a line break never
    composes with its neighbours.
    """
    text = bytes(_LINES(doc)).decode("utf-8")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return [" ".join(x.split()) for x in text.split("\n") if x and not x.isspace()]


def parse(body: bytes | str, url: str) -> list[dict]:
    """Officers printed on one focus-group page (see the module docstring)."""
    fg = focus_group_for_url(url)
    doc = parse_html(body)
    raise_if_error_page(doc)
    records = _records(_text_lines(doc), fg, url)
    if not records:
        raise NoRosterFound(f"no focus-group officer found on {url}")
    return records

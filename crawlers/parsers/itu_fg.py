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
from functools import lru_cache
from urllib.parse import urlsplit

from crawlers.parsers.common import NoRosterFound, clean, post_record
from crawlers.parsers.html import parse_html, text_lines
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
_SEP = re.compile(r"\s*(;|,|\band\b)\s*", re.I)
_NOT_NAME = {"group", "focus", "meeting", "meetings", "report", "reports", "documents",
             "document", "terms", "reference", "deliverables", "contact", "contacts",
             "secretariat", "news", "events", "working", "structure", "management", "home",
             "about", "information", "register", "registration", "itu", "itu-t", "page",
             "chair", "chairman", "vice-chairmen", "more"}  # fmt: skip


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
    m = re.search(r"/focusgroups/([^/?#]+)", urlsplit(url).path, re.I)
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
    chunks, seps, depth, start, i = [], [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in ",;" or ch.isspace()):
            m = _SEP.match(text, i)
            if m:
                chunks.append(text[start:i].strip())
                seps.append(m.group(1).lower())
                i = start = m.end()
                continue
        i += 1
    chunks.append(text[start:].strip())
    return chunks, seps


def split_names(text: str) -> list[str]:
    """Split "A (X, Y) and B (Z)" / "Mr A, Ms B" / "A and B" lists; keep "A, Org, Country"."""
    out: list[str] = []
    for part in split_top(text, ";"):
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


def _person_like(text: str, strict: bool) -> bool:
    if has_title(text):
        return True
    name = split_person(text)["person"] or ""
    words = name.split()
    if not 1 <= len(words) <= 6 or re.search(r"\d|[:!?]", name):
        return False
    if text.rstrip().endswith(")") or "," in text:
        return True
    if strict or len(words) < 2:
        return False
    return all(w[:1].isupper() and w.lower().strip(".") not in _NOT_NAME for w in words)


def _looks_like_people(line: str, strict: bool) -> bool:
    if len(line) > 300 or line.endswith(":"):
        return False
    return all(_person_like(p, strict) for p in split_names(line))


def _label(line: str, fg: dict) -> dict | None:
    """The label a line opens (role, sub-group, inline names), or None."""
    m = _LABEL.match(line)
    if not m:
        return None
    scope = clean(m.group("scope").strip(" ,:–—-")) or ""
    sub = None
    if scope and not _FG_SCOPE.match(scope):
        sm = _SUBGROUP.match(scope)
        if not sm:
            return None
        kind = _KIND_CODE.get(re.sub(r"[\s-]+", " ", sm.group("kind").lower()), "WG")
        name = clean(
            re.sub(r"^[\s(–—:-]*(?:(?:on|for)\b)?\s*|[\s)–—:-]*$", "", sm.group("name"), flags=re.I)
        )
        code = f"{kind}{int(sm.group('num'))}" if sm.group("num") else f"{kind}-{name or scope}"
        sub = {"code": f"{fg['acronym']}/{code}", "name": scope}
    base = "co chair" if m.group("co") else "vice chair" if m.group("vice") else "chair"
    role = normalise_role(f"wg {base}" if sub else base)
    raw = clean(line[: m.end("note") if m.group("note") else m.end("role")])
    return {"role": role, "role_raw": raw, "sub": sub, "rest": clean(m.group("rest"))}


def _records(lines: list[str], fg: dict, url: str) -> list[dict]:
    found: list[tuple[dict, str]] = []
    current, strict = None, False
    for line in lines:
        label = _label(line, fg)
        if label:
            current, strict = label, bool(label["rest"])
            found.extend((label, n) for n in split_names(label["rest"] or ""))
        elif current and _looks_like_people(line, strict):
            found.extend((current, n) for n in split_names(line))
        else:
            current = None
    records, seen = [], set()
    for label, text in found:
        who = split_person(text)
        if not who["person"] or not _person_like(text, strict=False):
            continue  # "to be appointed", "vacant", stray text
        sub = label["sub"]
        group = sub["code"] if sub else fg["acronym"]
        key = (group, label["role"], who["person"].casefold())
        if key in seen:
            continue
        seen.add(key)
        record = post_record(
            body=BODY,
            group=group,
            role_raw=label["role_raw"],
            source_url=url,
            group_name=sub["name"] if sub else fg.get("name"),
            parent_group=fg["acronym"] if sub else fg.get("parent_group"),
            focus_group=fg["acronym"],
            fg_known=fg["fg_known"],
            **who,
        )
        record["role"] = label["role"]
        records.append(record)
    return records


def parse(body: bytes | str, url: str) -> list[dict]:
    """Officers printed on one focus-group page (see the module docstring)."""
    fg = focus_group_for_url(url)
    doc = parse_html(body)
    raise_if_error_page(doc)
    body_el = doc.find("body")
    lines = text_lines(doc if body_el is None else body_el, _BLOCKS, _SKIP)
    records = _records(lines, fg, url)
    if not records:
        raise NoRosterFound(f"no focus-group officer found on {url}")
    return records

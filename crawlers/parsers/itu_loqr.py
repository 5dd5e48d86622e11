"""ITU-T Questions and Rapporteurs: ``net4/ITU-T/lists/loqr.aspx?Group={sg}&Period={p}``.

Page shape (SOURCES.md 1.1, VERIFIED-IN-PARSER-CODE, from two public scrapers; no page was
captured): a data list whose span ids are prefixed ``ContentPlaceHolder1_dtlRappQues_``:
``lblQWP_`` ("Q6/13 (WP1/13)" or "Q1/13 (PLEN)") and ``lblQuestion_``/``lblQuestion69_``
(title) open a Question; the rows after it hold ``lblFName_``, ``lblLName_``, ``lblRole_``
(Rapporteur / Associate rapporteur), ``lblCompany_``, ``lblAddress_`` (lines split by
``<br>``, **last line = country**), ``telLabel_`` and ``linkemail_`` (never read).

Ids are matched by *contains* and grouped into items by id (``itu_common.span_items``); items
are read in page order and a rapporteur belongs to the last Question seen, so both "question
row then person rows" and "question repeated on every row" layouts work.

One ``post`` record per named rapporteur: ``group`` "Q6/13", ``question`` the same,
``group_name`` the Question title, ``parent_group`` "WP1/13" (or the SG for PLEN Questions),
``role`` rapporteur / associate_rapporteur ("Co-rapporteur" -> rapporteur), ``period``.
A row without ``lblRole`` is a rapporteur of the list it is on: ``role_raw`` None and
``role_derived`` True.
Questions printed without a rapporteur give no record.

Failures: error text -> ``ErrorPage``; no ``lblQWP``/``lblLName`` spans, or a rapporteur before
any Question, or an unreadable ``lblQWP`` -> ``LayoutChanged``; no named rapporteur at all ->
``NoRosterFound``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawlers.parsers.common import LayoutChanged, NoRosterFound, post_record
from crawlers.parsers.html import parse_html
from crawlers.parsers.itu_common import (
    BODY,
    country_of,
    raise_if_error_page,
    span_items,
    span_lines,
    span_text,
    strip_title,
)
from crawlers.parsers.itu_periods import group_of, period_of, url_params
from tracker.normalise.roles import normalise_role

PARSER_NAME = "itu-loqr"
PARSER_VERSION = "1"

FIELDS = {
    "qwp": "lblQWP",
    "qtitle": r"lblQuestion\d*",
    "fname": "lblFName",
    "lname": "lblLName",
    "role": "lblRole",
    "company": "lblCompany",
    "address": "lblAddress",
}
_QUESTION = re.compile(r"\bQ\s*(\d+)\s*/\s*(\w+)", re.I)
_PARENT = re.compile(r"\(\s*(?:WP\s*(\d+)\s*/\s*(\w+)|(PLEN\w*))\s*\)", re.I)


def parse_qwp(text: str, sg: str | None) -> tuple[str, str | None]:
    """("Q6/13", "WP1/13") for "Q6/13 (WP1/13)"; the parent is the SG for "(PLEN)"."""
    m = _QUESTION.search(text)
    if not m:
        raise LayoutChanged(f"loqr.aspx: unreadable Question label {text!r}")
    suffix = m.group(2).upper()
    question = f"Q{int(m.group(1))}/{suffix}"
    parent = _PARENT.search(text)
    if parent and parent.group(1):
        return question, f"WP{int(parent.group(1))}/{parent.group(2).upper()}"
    home = sg or (f"SG{suffix}" if suffix.isdigit() else suffix)
    return question, home


@lru_cache(maxsize=1024)
def _role(label: str) -> str:
    role = normalise_role(label)
    if role == "other" and "rapporteur" in label.lower():  # "Co-rapporteur" (not in roles.csv)
        return "associate_rapporteur" if "associate" in label.lower() else "rapporteur"
    return role


def _record(item: dict, person_raw: str, question: dict, period: str | None, url: str) -> dict:
    role_raw = span_text(item, "role")
    lines = span_lines(item.get("address"))
    last = lines[-1] if lines else None
    record = post_record(
        body=BODY,
        group=question["code"],
        role_raw=role_raw,
        source_url=url,
        person=strip_title(person_raw),
        organization=span_text(item, "company"),
        country=country_of(last),
        person_raw=person_raw,
        country_raw=last,
        address="\n".join(lines) or None,
        group_name=question["title"],
        parent_group=question["parent"],
        question=question["code"],
        period=period,
        role_derived=role_raw is None,
    )
    record["role"] = _role(role_raw) if role_raw else "rapporteur"
    return record


def parse(body: bytes | str, url: str) -> list[dict]:
    """All rapporteurs of one ``loqr.aspx`` page (see the module docstring)."""
    doc = parse_html(body, ("utf-8", "cp1252"))
    raise_if_error_page(doc)
    items = span_items(doc, FIELDS)
    if not any("qwp" in it for it in items) or not any("lname" in it for it in items):
        raise LayoutChanged("loqr.aspx: no span id containing lblQWP and lblLName")
    params = url_params(url)
    sg, period = group_of(params), period_of(params)
    records: list[dict] = []
    question: dict | None = None
    for item in items:
        qwp = span_text(item, "qwp")
        if qwp:
            code, parent = parse_qwp(qwp, sg)
            question = {"code": code, "parent": parent, "title": span_text(item, "qtitle")}
        elif question is not None and question["title"] is None:
            question["title"] = span_text(item, "qtitle")
        fname, lname = span_text(item, "fname"), span_text(item, "lname")
        if not (fname or lname):
            continue
        if question is None:
            raise LayoutChanged("loqr.aspx: a rapporteur appears before any Question")
        person_raw = " ".join(x for x in (fname, lname) if x)  # both are clean already
        records.append(_record(item, person_raw, question, period, url))
    if not records:
        raise NoRosterFound(f"loqr.aspx lists no named rapporteur ({url})")
    return records

"""ITU-T management team lists: ``net4/ITU-T/lists/mgmt.aspx?Group={sg}&Period={p}``.

Page shape (SOURCES.md 1.1, VERIFIED-IN-PARSER-CODE, from public scrapers' code only; no page
was ever captured): one or more ``<table>``s whose data rows hold ``<span>``s with ids
*containing* ``lblFName``, ``lblLName``, ``lblWP`` ("WP1/13"; empty at SG level), ``lblTitle``
(Chairman, Vice-chairman, Counsellor…), ``lblSubrole``, ``lblCompany``, ``lblAddress`` (last
line = country) and ``lblTel``, plus an ``<a>`` with ``Email`` in its id.  Every table is read:
spans are grouped into rows by their ids (see :func:`itu_common.span_items`), not by position.

One ``post`` record per named row:

* ``group`` is the study group from the URL (``Group=13`` -> "SG13"); a row with ``lblWP``
  ("WP1/13") gets ``group`` "WP1/13", ``parent_group`` "SG13" and the WP role ("Chairman" ->
  ``wg_chair``, "Vice-chairman" -> ``wg_vice_chair``, via the "WP …" labels of roles.csv).
* TSB secretariat rows (Counsellor, Project officer, Assistant, anything "TSB" …) get
  ``role: "staff"`` and ``is_staff: True``; they never count toward a country.
* ``organization`` is ``lblCompany`` (None for government delegates), ``country`` the last
  address line when ``to_alpha2`` resolves it; ``address`` keeps all lines.  Phones and
  e-mails are never read.
* ``period`` is the label of ``Period=`` ("2025-2028"); ``subrole`` the raw ``lblSubrole``.

Failures: error text -> ``ErrorPage``; no ``lblFName``/``lblLName`` spans -> ``LayoutChanged``;
spans but no named person -> ``NoRosterFound``; a URL without ``Group=`` -> ``ValueError``.
"""

from __future__ import annotations

import re

from crawlers.parsers.common import LayoutChanged, NoRosterFound, clean, post_record
from crawlers.parsers.html import parse_html, text_lines
from crawlers.parsers.itu_common import (
    BODY,
    country_of,
    raise_if_error_page,
    span_items,
    span_text,
    strip_title,
)
from crawlers.parsers.itu_periods import group_from_url, group_param, period_from_url
from tracker.normalise.roles import normalise_role

PARSER_NAME = "itu-mgmt"
PARSER_VERSION = "1"

FIELDS = {
    "fname": "lblFName",
    "lname": "lblLName",
    "wp": "lblWP",
    "title": "lblTitle",
    "subrole": "lblSubrole",
    "company": "lblCompany",
    "address": "lblAddress",
}
_STAFF = re.compile(
    r"\b(tsb|counsel+or|(?:project|programme|program|technical)\s+officer|assistant"
    r"|advis[eo]r|engineer|secretar(?:y|iat)|staff|administrat\w*)\b",
    re.I,
)
_WP = re.compile(r"^\s*WP\s*(\d+)\s*/\s*(\w+)\s*$", re.I)


def _sub_group(raw: str | None, sg: str) -> str | None:
    """ "WP1/13" for a WP row; None at SG level (empty, "PLEN" or the SG itself)."""
    if not raw or raw.upper() in {"PLEN", sg.upper(), group_param(sg).upper()}:
        return None
    m = _WP.match(raw)
    return f"WP{int(m.group(1))}/{m.group(2).upper()}" if m else raw


def _role(title: str, sub_group: str | None) -> tuple[str, bool]:
    """(role slug, is_staff) for a printed title; WP rows use the "WP …" vocabulary rows."""
    base = normalise_role(title)
    if base == "staff" or _STAFF.search(title):
        return "staff", True
    if sub_group:
        role = normalise_role(f"WP {title}")
        if role != "other":
            return role, False
    return base, False


def _address(item: dict) -> tuple[list[str], str | None, str | None]:
    """(address lines, country alpha-2, last line) of a row's ``lblAddress``."""
    lines = text_lines(item.get("address"))
    if not lines:
        return [], None, None
    return lines, country_of(lines[-1]), lines[-1]


def _record(item: dict, sg: str, period: str | None, url: str) -> dict | None:
    fname, lname = span_text(item, "fname"), span_text(item, "lname")
    person_raw = clean(" ".join(x for x in (fname, lname) if x))
    if not person_raw:
        return None
    title = span_text(item, "title") or span_text(item, "subrole") or ""
    sub_group = _sub_group(span_text(item, "wp"), sg)
    role, is_staff = _role(title, sub_group)
    lines, country, country_raw = _address(item)
    record = post_record(
        body=BODY,
        group=sub_group or sg,
        role_raw=title or None,
        source_url=url,
        person=strip_title(person_raw),
        organization=span_text(item, "company"),
        country=country,
        person_raw=person_raw,
        country_raw=country_raw,
        address="\n".join(lines) or None,
        parent_group=sg if sub_group else None,
        period=period,
        subrole=span_text(item, "subrole"),
        is_staff=is_staff,
    )
    record["role"] = role
    return record


def parse(body: bytes | str, url: str) -> list[dict]:
    """All management posts of one ``mgmt.aspx`` page (see the module docstring)."""
    sg = group_from_url(url)
    if sg is None:
        raise ValueError(f"mgmt.aspx URL without a usable Group= parameter: {url}")
    doc = parse_html(body, ("utf-8", "cp1252"))
    raise_if_error_page(doc)
    items = span_items(doc, FIELDS)
    if not any("fname" in it or "lname" in it for it in items):
        raise LayoutChanged("mgmt.aspx: no span id containing lblFName/lblLName")
    period = period_from_url(url)
    records = [r for r in (_record(it, sg, period, url) for it in items) if r]
    if not records:
        raise NoRosterFound(f"mgmt.aspx lists no named officer for {sg}")
    return records

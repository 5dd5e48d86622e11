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
from crawlers.parsers.itu_periods import group_of, group_param, period_of, url_params
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


def _sg_level(sg: str) -> frozenset[str]:
    """The ``lblWP`` values (upper-cased) that mean the SG itself: "PLEN", "SG13", "13"."""
    return frozenset({"PLEN", sg.upper(), group_param(sg).upper()})


def _sub_group(raw: str | None, sg_level: frozenset[str]) -> str | None:
    """ "WP1/13" for a WP row; None at SG level (empty or one of ``sg_level``)."""
    if not raw or raw.upper() in sg_level:
        return None
    m = _WP.match(raw)
    return f"WP{int(m.group(1))}/{m.group(2).upper()}" if m else raw


@lru_cache(maxsize=1024)
def _role(title: str, in_wp: bool) -> tuple[str, bool]:
    """(role slug, is_staff) for a printed title; WP rows use the "WP …" vocabulary rows."""
    base = normalise_role(title)
    if base == "staff" or _STAFF.search(title):
        return "staff", True
    if in_wp:
        role = normalise_role(f"WP {title}")
        if role != "other":
            return role, False
    return base, False


def _record(
    item: dict, sg: str, sg_level: frozenset[str], period: str | None, url: str
) -> dict | None:
    fname, lname = span_text(item, "fname"), span_text(item, "lname")
    person_raw = " ".join(x for x in (fname, lname) if x) or None  # both are clean already
    if not person_raw:
        return None
    subrole = span_text(item, "subrole")
    title = span_text(item, "title") or subrole or ""
    sub_group = _sub_group(span_text(item, "wp"), sg_level)
    role, is_staff = _role(title, bool(sub_group))
    lines = span_lines(item.get("address"))
    country_raw = lines[-1] if lines else None
    record = post_record(
        body=BODY,
        group=sub_group or sg,
        role_raw=title or None,
        source_url=url,
        person=strip_title(person_raw),
        organization=span_text(item, "company"),
        country=country_of(country_raw) if lines else None,
        person_raw=person_raw,
        country_raw=country_raw,
        address="\n".join(lines) or None,
        parent_group=sg if sub_group else None,
        period=period,
        subrole=subrole,
        is_staff=is_staff,
    )
    record["role"] = role
    return record


def parse(body: bytes | str, url: str) -> list[dict]:
    """All management posts of one ``mgmt.aspx`` page (see the module docstring)."""
    params = url_params(url)
    sg = group_of(params)
    if sg is None:
        raise ValueError(f"mgmt.aspx URL without a usable Group= parameter: {url}")
    doc = parse_html(body, ("utf-8", "cp1252"))
    raise_if_error_page(doc)
    items = span_items(doc, FIELDS)
    if not any("fname" in it or "lname" in it for it in items):
        raise LayoutChanged("mgmt.aspx: no span id containing lblFName/lblLName")
    period = period_of(params)
    sg_level = _sg_level(sg)
    records = [r for r in (_record(it, sg, sg_level, period, url) for it in items) if r]
    if not records:
        raise NoRosterFound(f"mgmt.aspx lists no named officer for {sg}")
    return records

"""Shared pieces for the pure page parsers: errors, text cleaning, the record contract.

Every parser is a pure function ``parse(body: bytes | str, url: str) -> list[dict]`` with
no database or network access.  Records are plain dicts; the two shapes are documented in
``docs/records.md`` and built with :func:`post_record` and :func:`contribution_record`.
"""

from __future__ import annotations

import unicodedata

from tracker.normalise.roles import normalise_role


class ParseError(Exception):
    """The page could not be read as the source it claims to be."""


class ErrorPage(ParseError):
    """The server answered with an error page (404 text, maintenance notice, login wall)."""


class LayoutChanged(ParseError):
    """The page no longer has the structure the parser relies on (labels, ids, headers)."""


class NoRosterFound(ParseError):
    """A page that should list officers yields none: never store that as an empty roster."""


def clean(text: str | None) -> str | None:
    """Unicode NFC, white space (incl. non-breaking spaces) collapsed; empty strings become None.

    ``str.split()`` splits on exactly what ``\\s`` matches (U+00A0 included).  White space is
    collapsed first: NFC never makes or removes white space (checked over every code point) and
    never composes across it, so the order does not matter, and text that is ASCII once its
    non-breaking spaces are gone skips NFC (parsers call this per cell).
    """
    if text is None:
        return None
    if text.__class__ is not str:
        text = str(text)
    text = " ".join(text.split())
    if not text:
        return None
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def decode(body: bytes | str, encodings: tuple[str, ...] = ("utf-8", "cp1252", "iso8859-2")) -> str:
    """Decode page bytes trying the encodings the sources are known to use."""
    if isinstance(body, str):
        return body
    for enc in encodings:
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", errors="replace")


def post_record(
    *,
    body: str,
    group: str,
    role_raw: str,
    source_url: str,
    person: str | None = None,
    organization: str | None = None,
    country: str | None = None,
    **extra,
) -> dict:
    """Build one roster record with the fields every parser must give.

    ``role`` is the normalised vocabulary slug, ``role_raw`` the label as printed.
    Extra keys (``group_name``, ``parent_group``, ``member_body``, ``partner_org``,
    ``term_end``, ``elected_on``, ``country_raw``, ``person_raw`` …) are passed through.
    """
    record = {
        "kind": "post",
        "body": body,
        "group": clean(group),
        "role": normalise_role(role_raw),
        "role_raw": clean(role_raw),
        "person": clean(person),
        "organization": clean(organization),
        "country": country,
        "source_url": source_url,
    }
    record.update(extra)
    return record


def contribution_record(
    *,
    body: str,
    group: str,
    meeting: str | None,
    document: str,
    sources: list[str],
    source_url: str,
    **extra,
) -> dict:
    """Build one contribution (proposal) record; ``sources`` lists every co-source."""
    record = {
        "kind": "contribution",
        "body": body,
        "group": clean(group),
        "meeting": clean(meeting),
        "document": clean(document),
        "sources": [s for s in (clean(x) for x in sources) if s],
        "source_url": source_url,
    }
    record.update(extra)
    return record

"""3GPP per-meeting TDoc lists (``TDoc_List_Meeting_RAN1%23123.xlsx``, SOURCES.md 4.2).

File shape (VERIFIED-IN-PARSER-CODE): one sheet, one row per TDoc, 36 columns ``TDoc | Title |
Source | Contact | Contact ID | Type | For | Abstract | … | Agenda item | … | TDoc Status | … |
Is revision of | Revised to | Release | Spec | … | To | Cc | …``.  The header row is found by
its cells (case-insensitive, among the first 20 rows, so a title row above it is fine) and
tolerates drift: "Tdoc", "Specification", "LS_To".  Without ``TDoc`` or ``Source`` the file
raises ``LayoutChanged``.

One ``contribution`` record per TDoc.  ``sources`` is the Source cell split on commas (or
semicolons) except before a legal-form suffix ("Huawei Technologies Co., Ltd" stays whole;
", Ltd", ", Inc.", ", LLC", ", S.A." …), with "(Rapporteur)" removed.  Flags:
``withdrawn`` (status "withdrawn"), ``reserved_only`` (status "reserved": a number reserved,
never uploaded), ``group_source`` (a source is a 3GPP group such as "RAN WG2"), ``is_ls_in``
(Type "LS in", or a group source on anything but an "LS out"), ``countable`` = none of these
(a group's own draft "LS out" is not a company contribution either).

:func:`count_contributions` rules (SOURCES.md 4.2, "Proposal counts"):

* only ``countable`` records; each TDoc number once (a file listed twice counts once);
* sources as printed after splitting, no synonym merging (HiSilicon is not folded into
  Huawei here: corporate links do that later, so "CATT" and "AT&T" never collide);
  a source repeated within one TDoc counts once; group sources ("RAN WG1") never count;
* ``full``: every co-source gets 1; ``fractional``: each of the n co-sources gets 1/n,
  so a TDoc adds exactly 1 in total;
* revisions are separate TDocs and count (3GPP numbers them anew); pass
  ``include_revisions=False`` to drop TDocs with an "Is revision of" value.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from urllib.parse import unquote, urlparse

import pandas as pd

from crawlers.parsers.common import ErrorPage, LayoutChanged, clean, contribution_record
from crawlers.parsers.tgpp_groups import normalise_group

PARSER_NAME = "3gpp-tdocs"
PARSER_VERSION = "1"
BODY = "3GPP"

# Header cell (lower-case, "_" as space, single spaces) -> field.  Exact matches only, since
# "Agenda item", "Agenda item description" and "Agenda item sort order" are different columns.
_HEADERS = {
    "document": ("tdoc", "tdoc number", "tdoc #"),
    "title": ("title",),
    "source": ("source", "sources", "source(s)"),
    "type": ("type", "tdoc type"),
    "for": ("for",),
    "agenda_item": ("agenda item", "ai"),
    "agenda_item_description": ("agenda item description",),
    "status": ("tdoc status", "status"),
    "is_revision_of": ("is revision of",),
    "revised_to": ("revised to",),
    "release": ("release",),
    "spec": ("spec", "specification"),
    "version": ("version",),
    "cr": ("cr",),
    "related_wis": ("related wis", "related wi"),
    "ls_to": ("to", "ls to"),
    "ls_cc": ("cc", "ls cc"),
    "reply_to": ("reply to",),
}
_SUFFIX = re.compile(
    r"^(?:ltd|limited|inc|incorporated|llc|l\.l\.c|corp|co|s\.a|sa|s\.a\.s|sas|s\.p\.a|spa|ag"
    r"|gmbh|plc|b\.v|n\.v|oy|ab|a/s|as|kk|k\.k|pte|pvt|l\.p|lp)\.?(?:,?\s*ltd\.?)?$",
    re.I,
)
_RAPPORTEUR = re.compile(r"\(\s*rapporteur\s*\)", re.I)
_MEETING = re.compile(r"TDoc_List_Meeting_?(?P<m>.+?)(?:\s*\(\d{6}\))?\.(?:xlsx|xls|zip)$", re.I)


def _key(value) -> str:
    return " ".join(str(value).replace("_", " ").lower().split()) if value is not None else ""


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def split_sources(text: str | None) -> list[str]:
    """Split a Source cell into co-sources, keeping "Co., Ltd"-style suffixes attached."""
    text = _RAPPORTEUR.sub("", text or "")
    parts: list[str] = []
    for piece in re.split(r"[,;]", text):
        if parts and _SUFFIX.match(piece.strip()):
            parts[-1] = f"{parts[-1]},{piece}"
        else:
            parts.append(piece)
    return [p for p in (clean(x) for x in parts) if p]


def is_group_source(source: str) -> bool:
    """True for a 3GPP group as a source ("RAN WG2", "SA2", "TSG CT"), the mark of an LS."""
    return normalise_group(source) is not None


def meeting_from_url(url: str) -> str | None:
    """``.../TDoc_List_Meeting_RAN1%23123.xlsx`` -> ``RAN1#123`` (daily "(260417)" suffix dropped)."""
    name = unquote(urlparse(url).path).rsplit("/", 1)[-1]
    m = _MEETING.search(name)
    return clean(m.group("m")) if m else None


def _group(meeting: str | None, url: str, documents: list[str]) -> str | None:
    if meeting and (m := re.match(r"([A-Za-z]+\d?)", meeting)) and normalise_group(m.group(1)):
        return normalise_group(m.group(1))
    for segment in reversed(unquote(urlparse(url).path).split("/")[:-1]):
        if code := normalise_group(segment):
            return code
    prefix = re.match(r"([A-Z]{1,2}\d?)-", documents[0]) if documents else None
    return normalise_group(prefix.group(1)) if prefix else None


def _read(body: bytes, url: str) -> pd.DataFrame:
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<title" in head:
        raise ErrorPage(f"{url}: got an HTML page instead of a spreadsheet")
    try:
        return pd.read_excel(io.BytesIO(body), engine="openpyxl", header=None, dtype=object)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise LayoutChanged(f"{url}: not a readable xlsx ({exc})") from exc


def _columns(frame: pd.DataFrame, url: str) -> tuple[int, dict[str, int]]:
    for i in range(min(20, len(frame))):
        cells = [_key(v) if _text(v) else "" for v in frame.iloc[i].tolist()]
        cols = {}
        for field, labels in _HEADERS.items():
            hit = next((j for j, c in enumerate(cells) if c in labels), None)
            if hit is not None:
                cols[field] = hit
        if "document" in cols and "source" in cols:
            return i, cols
    raise LayoutChanged(f"{url}: no header row with TDoc and Source columns")


def parse(body: bytes, url: str) -> list[dict]:
    """Parse a TDoc list workbook into ``contribution`` records (pure; raises on a broken file)."""
    frame = _read(body if isinstance(body, bytes) else body.encode("utf-8"), url)
    header_at, cols = _columns(frame, url)
    rows = list(frame.iloc[header_at + 1 :].itertuples(index=False, name=None))
    rows = [r for r in rows if _text(r[cols["document"]])]
    meeting = meeting_from_url(url)
    group = _group(meeting, url, [_text(r[cols["document"]]) for r in rows])
    records = []
    for row in rows:
        fields = dict.fromkeys(_HEADERS)
        fields.update({f: _text(row[i]) for f, i in cols.items() if i < len(row)})
        sources = split_sources(fields.pop("source", None))
        status = (fields.get("status") or "").lower()
        withdrawn = "withdrawn" in status
        reserved = status == "reserved"
        kind = re.sub(r"[\s_\-]", "", (fields.get("type") or "").lower())
        group_source = any(is_group_source(s) for s in sources)
        ls_in = kind == "lsin" or (group_source and kind != "lsout")
        record = contribution_record(
            body=BODY,
            group=group or "",
            meeting=meeting,
            document=fields.pop("document"),
            sources=sources,
            source_url=url,
            sources_raw=_text(row[cols["source"]]),
            withdrawn=withdrawn,
            reserved_only=reserved,
            is_ls_in=ls_in,
            group_source=group_source,
            countable=not (withdrawn or reserved or ls_in or group_source),
            **fields,
        )
        records.append(record)
    return records


def count_contributions(
    records: list[dict], mode: str = "full", *, include_revisions: bool = True
) -> dict[str, float]:
    """Contributions per source company under the module's rules; ``mode`` full|fractional."""
    if mode not in ("full", "fractional"):
        raise ValueError(f"mode must be 'full' or 'fractional', not {mode!r}")
    totals: dict[str, float] = defaultdict(float)
    seen: set[tuple] = set()
    for rec in records:
        key = (rec.get("meeting"), rec.get("document"))
        if not rec.get("countable") or key in seen:
            continue
        if not include_revisions and rec.get("is_revision_of"):
            continue
        seen.add(key)
        sources = [s for s in dict.fromkeys(rec.get("sources") or []) if not is_group_source(s)]
        for source in sources:
            totals[source] += 1.0 if mode == "full" else 1.0 / len(sources)
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))

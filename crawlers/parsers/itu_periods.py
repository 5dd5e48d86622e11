"""ITU-T study periods, group codes and the URLs of the pages the ITU parsers read.

Everything here is an explicit table or a documented formula (SOURCES.md section 1):

* ``Period=`` id of the ``net4/ITU-T/lists`` pages = floor((first year - 1953) / 4):
  2022-2024 -> 17 and 2025-2028 -> 18 are VERIFIED-IN-PARSER-CODE; 2017-2020 -> 16 only follows
  from the formula (UNVERIFIED-GUESS).  The 2017-2020 period in fact ran until WTSA-20, held in
  March 2022, and 2022-2024 is a three-year period: ids come from the *first* year only, so never
  feed a meeting date to :func:`period_id`.
* ``md`` document prefixes ``T{YY}`` (two digits of the first year): T05, T17 and T25 are
  SEEN-IN-PAGE-TEXT; **T22 is an UNVERIFIED-GUESS** (one public scraper computes T21, which is
  wrong); T97/T01/T09/T13 follow the same pattern and are unverified too.
* Group codes: study groups are written ``SG2`` .. ``SG21`` and sent as their number
  (``Group=13``, verified).  TSAG is sent as ``Group=TSAG``: a guess, the documented pattern only
  shows study-group numbers.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

FIRST_YEAR = 1953
LISTS_BASE = "https://www.itu.int/net4/ITU-T/lists"
MD_BASE = "https://www.itu.int/md/meetingdoc.asp"

#: period id -> (label, md prefix, prefix verified?)
PERIODS: dict[int, tuple[str, str, bool]] = {
    11: ("1997-2000", "T97", False),
    12: ("2001-2004", "T01", False),
    13: ("2005-2008", "T05", True),
    14: ("2009-2012", "T09", False),
    15: ("2013-2016", "T13", False),
    16: ("2017-2020", "T17", True),
    17: ("2022-2024", "T22", False),  # UNVERIFIED-GUESS: no T22 document id seen yet
    18: ("2025-2028", "T25", True),
}

_SG = re.compile(r"^\s*(?:SG\s*)?(\d{1,2})\s*$", re.I)


def period_id(start_year: int) -> int:
    """The ``Period=`` id for a study period starting in ``start_year`` (2025 -> 18)."""
    if start_year < FIRST_YEAR:
        raise ValueError(f"no ITU-T study period starts in {start_year}")
    return (start_year - FIRST_YEAR) // 4


def period_label(pid: int) -> str:
    """``"2025-2028"`` for 18; only the periods in :data:`PERIODS` are known."""
    try:
        return PERIODS[int(pid)][0]
    except KeyError:
        raise ValueError(f"unknown ITU-T study period id {pid!r}") from None


def period_id_for_label(label: str) -> int:
    """Inverse of :func:`period_label` ("2022-2024" -> 17)."""
    for pid, (known, _prefix, _ok) in PERIODS.items():
        if known == label.strip():
            return pid
    raise ValueError(f"unknown ITU-T study period {label!r}")


def md_prefix(label: str) -> str:
    """The ``md`` document prefix of a period label ("2017-2020" -> "T17")."""
    return PERIODS[period_id_for_label(label)][1]


def md_prefix_verified(label: str) -> bool:
    """Whether the prefix of this period was seen on a real page (False for T22)."""
    return PERIODS[period_id_for_label(label)][2]


def period_for_prefix(prefix: str) -> str | None:
    """The period label of an ``md`` prefix ("T25" -> "2025-2028"); None when unknown."""
    for label, known, _ok in PERIODS.values():
        if known.upper() == prefix.strip().upper():
            return label
    return None


def group_code(group: str | int) -> str:
    """The code the tracker stores: ``13``/``"13"``/``"sg13"`` -> ``"SG13"``; tsag -> ``"TSAG"``."""
    text = str(group).strip()
    if text.upper() == "TSAG":
        return "TSAG"
    m = _SG.match(text)
    if not m:
        raise ValueError(f"not an ITU-T study group or TSAG: {group!r}")
    return f"SG{int(m.group(1))}"


def group_param(group: str | int) -> str:
    """The ``Group=`` URL value: the SG number ("13"), or ``"TSAG"`` (guess, see module doc)."""
    code = group_code(group)
    return "TSAG" if code == "TSAG" else code[2:]


def _lists_url(page: str, group: str | int, pid: int) -> str:
    return f"{LISTS_BASE}/{page}?" + urlencode({"Group": group_param(group), "Period": int(pid)})


def mgmt_url(group: str | int, pid: int) -> str:
    """Management team page (chair, vice-chairs, WP chairs, TSB staff) of a group and period."""
    return _lists_url("mgmt.aspx", group, pid)


def loqr_url(group: str | int, pid: int) -> str:
    """List of Questions and Rapporteurs of a group and period."""
    return _lists_url("loqr.aspx", group, pid)


def md_url(group: str | int, meeting: str, question: str = "QALL", doc: str = "C") -> str:
    """Document listing of one meeting: ``meeting`` is the full id ("T25-SG17-250415").

    ``question`` is "QALL", "Q6" or "Q6/17" (the "/17" is added when missing); ``doc`` is "C"
    (contributions), "TD", "TD-GEN", "TD-PLEN" or "TD-WP1".
    """
    if not re.match(r"^T\d{2}-[A-Z]+\d*-\d{6}$", meeting.strip(), re.I):
        raise ValueError(f"meeting must be a full id like 'T25-SG17-250415', got {meeting!r}")
    q = question.strip()
    if "/" not in q:
        q = f"{q}/{group_param(group)}"
    query = {"lang": "en", "parent": f"{meeting.strip()}-{doc.strip()}", "question": q}
    return f"{MD_BASE}?" + urlencode(query, safe="/")


def url_params(url: str) -> dict[str, str]:
    """The query of ``url``, parsed once (works on Wayback ``id_`` URLs).

    Keys are lower-cased and the first occurrence of a name wins; values are not stripped.
    Parts holding no "%" or "+" (nearly all) are split without ``parse_qsl``, which gives the
    same result for them.
    """
    params: dict[str, str] = {}
    for part in urlsplit(url).query.split("&"):
        if not part:
            continue
        if "%" in part or "+" in part:
            name, value = parse_qsl(part, keep_blank_values=True)[0]
        else:
            name, _, value = part.partition("=")
        params.setdefault(name.lower(), value)
    return params


def query_param(url: str, name: str) -> str | None:
    """A query parameter of ``url`` by case-insensitive name, stripped; None when absent/blank."""
    return url_params(url).get(name.lower(), "").strip() or None


def group_of(params: dict[str, str]) -> str | None:
    """``"SG13"``/``"TSAG"`` from the ``Group=`` value of :func:`url_params`; None when absent or odd."""
    value = params.get("group", "").strip()
    try:
        return group_code(value) if value else None
    except ValueError:
        return None


def period_of(params: dict[str, str]) -> str | None:
    """``"2025-2028"`` from the ``Period=18`` of :func:`url_params`; None when absent or unknown."""
    value = params.get("period", "").strip()
    return PERIODS.get(int(value), (None,))[0] if value.isdigit() else None


def group_from_url(url: str) -> str | None:
    """:func:`group_of` a lists URL."""
    return group_of(url_params(url))


def period_from_url(url: str) -> str | None:
    """:func:`period_of` a lists URL."""
    return period_of(url_params(url))

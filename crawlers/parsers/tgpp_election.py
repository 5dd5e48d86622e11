"""3GPP election news pages (``https://www.3gpp.org/news-events/3gpp-news/tsg-ran-election``).

Page shape (SOURCES.md 4.1, wording SEEN-IN-PAGE-TEXT, HTML UNVERIFIED): free text.  Two forms:

* Current: ``Wanshi CHEN (Qualcomm Incorporated - ATIS) was re-elected Chair (2nd term), Ronald
  BORSATO (AT&T - ATIS), Nan HU (CMCC - CCSA) and Axel KLATT (Deutsche Telekom AG - ETSI) were
  re-elected Vice Chair (2nd term) of RAN by acclamation on 20.03.2023.``  Every person named
  before a "was/were (re-)elected ROLE" phrase holds that role; the group is the "of GROUP"
  after the phrase (else anywhere in the sentence, else the page title or URL slug); the date
  is the "on …" date of the sentence.
* Older: a block ``Name Company / Partner:`` then one line per person, ``Mr Marc GRANT AT&T /
  ATIS``.  Role, group and date come from the nearest text before the block.  In a table the
  cells split name and company; in plain lines the name is the title, the given names and the
  run of upper-case surname tokens after them (flagged ``name_split_heuristic``: an
  all-capitals company such as "NTT" right after the surname would be read as part of it).

``term`` is set only when printed ("(2nd term)"); ``reelected`` from "re-elected".  A date range
("3-4 March 2009") gives ``elected_on: None`` and keeps the text in ``elected_on_raw``.
No country is printed.  A page without any election sentence raises ``NoRosterFound``.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from crawlers.parsers.common import LayoutChanged, NoRosterFound, clean
from crawlers.parsers.html import get_text, marked_strings, parse_html
from crawlers.parsers.tgpp_groups import normalise_group, parent_of
from crawlers.parsers.tgpp_officials import to_iso_date
from tracker.normalise.roles import normalise_role

PARSER_NAME = "3gpp-election"
PARSER_VERSION = "1"
BODY = "3GPP"
_BR = {"br": "\n"}  # a line break before each <br>'s tail

#: The Organizational Partners: the tail of "(Company - OP)".
PARTNERS = ("ARIB", "ATIS", "CCSA", "ETSI", "TSDSI", "TTA", "TTC")

_ROLE = r"(?:Vice[- ]?)?Chair(?:man|men|woman|person|persons|s)?"
_VERB = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?P<re>re-?)?(?:elected|appointed)\s+(?:as\s+)?"
    r"(?:(?:the|a)\s+)?(?:new\s+)?(?P<role>" + _ROLE + r")"
    r"(?:\s*\((?P<term>[^)]*\bterm\b[^)]*)\)|\s+for\s+an?\s+(?P<term2>\w+)\s+term)?",
    re.I,
)
_TOKEN = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|\([A-Z][a-z]+\)|van|von|de|der|den|da|di|du|le|la|del|dos)"
_PERSON = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:\s+" + _TOKEN + r"){0,5})\s*"
    r"\((?P<aff>[^()]*(?:\([^()]*\)[^()]*)*)\)"
)
_GROUP = r"(?:TSG\s+)?(?:RAN|SA|CT)(?:\s*WG\s*\d|\d)?"
_GROUP_OF = re.compile(r"\bof\s+(?:the\s+)?(?:3GPP\s+)?(?P<g>" + _GROUP + r")\b")
_GROUP_ANY = re.compile(r"\b(?P<g>" + _GROUP + r")\b")
_LEAD_WORDS = frozenset("in at the during on and also both then finally further".split())
_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_RANGE = re.compile(r"\b\d{1,2}\s*[-–]\s*\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}")
_BLOCK_HEAD = re.compile(r"^name\s+company\s*/\s*partner\s*:?\s*", re.I)
_LINE = re.compile(r"^(?P<who>(?:mr|mrs|ms|miss|dr|prof)\.?\s+.+?)\s*/\s*(?P<op>[A-Z]{3,5})$", re.I)
_CAPS = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+$")
_VERB_LEAD = len("have been re-")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "td", "th", "div", "dd", "dt")
_BLOCK_SET = frozenset(_BLOCKS)
#: Elements whose blocks are not read (the navigation menu, scripts).
_HIDDEN = frozenset({"script", "style", "nav"})
_ROLE_RE = re.compile(_ROLE, re.I)
_REELECTED = re.compile(r"re-?elected", re.I)
_CHAIR = re.compile(r"chair", re.I)
_AFF = re.compile(r"^(.*\S)\s*(?:\s[-–—/]\s|,)\s*([A-Z]{3,5})$")
_LATER_TERM = re.compile(r"\b(\w+)\s+term\b", re.I)
_DIGITS = re.compile(r"\d+")
_ON = re.compile(r"\bon\s+(.{6,30})")
_CELL_PAIR = re.compile(r"^(.+?)\s*/\s*([A-Z]{3,5})$")
_SLUG_SPLIT = re.compile(r"[-_.]")


def _fold(text: str) -> str:
    """``text`` lower-cased for substring pre-checks of ``re.I`` patterns: a word found by such a
    pattern is in the result (``re.I`` also matches "ı" and "İ" with "i" and "ſ" with "s")."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("i\u0307", "i").replace("ı", "i").replace("ſ", "s")
    return low


def _split_aff(aff: str) -> tuple[str | None, str | None]:
    """Split "Qualcomm Incorporated - ATIS" into ("Qualcomm Incorporated", "ATIS")."""
    m = _AFF.match(aff.strip())
    if m and m.group(2) in PARTNERS:
        return clean(m.group(1)), m.group(2)
    return clean(aff), None


def _term(m: re.Match, after: str = "") -> int | None:
    """The term printed in the verb phrase, or later in its clause ("for a second term")."""
    text = (m.group("term") or m.group("term2") or "").lower()
    if not text and "term" in after.lower() and (later := _LATER_TERM.search(after)):
        text = later.group(1).lower()
    if d := _DIGITS.search(text):
        return int(d.group())
    return next((n for w, n in _ORDINALS.items() if w in text), None)


def _date(text: str) -> tuple[str | None, str | None]:
    if ("-" in text or "–" in text) and (r := _RANGE.search(text)):
        return None, r.group(0)
    on = _ON.search(text)
    iso = to_iso_date(on.group(1)) if on else None
    iso = iso or to_iso_date(text)
    return iso, (clean(on.group(1).rstrip(".")) if on and iso else None)


def _person(name: str) -> tuple[str, str]:
    words = name.split()
    while len(words) > 2 and words[0].lower() in _LEAD_WORDS:
        words = words[1:]
    raw = " ".join(words)
    return _TITLE.sub("", raw), raw


def _page_group(root, url: str) -> str | None:
    for tag in (next(root.iter("h1"), None), next(root.iter("title"), None)):
        if tag is not None and (m := _GROUP_ANY.search(get_text(tag, " "))):
            return m.group("g")
    slug = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    tokens = _SLUG_SPLIT.split(slug)
    pairs = [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    return next((t for t in pairs + tokens if normalise_group(t)), None)


def _blocks(root) -> list[tuple[str, bool]]:
    """Text of each innermost block element, ``<br>`` as newline; flag: inside a table.

    Blocks inside script/style/nav are left out.
    """
    out: list[tuple[str, bool]] = []
    _find_blocks(root, False, False, out)
    return out


def _find_blocks(el, hidden: bool, in_table: bool, out: list[tuple[str, bool]]) -> bool:
    """Append the innermost blocks under ``el`` in document order; whether it has any block."""
    has_block = False
    for child in el[:]:
        tag = child.tag
        if tag.__class__ is not str or (tag not in _BLOCK_SET and not len(child)):
            continue  # comments; elements without a block inside
        if tag not in _BLOCK_SET:
            inner = _find_blocks(child, hidden or tag in _HIDDEN, in_table or tag == "table", out)
            has_block = has_block or inner
            continue
        has_block = True
        if (len(child) and _find_blocks(child, hidden, in_table, out)) or hidden:
            continue  # not innermost, or not shown
        text = "".join(marked_strings(child, _BR)).replace("\xa0", " ")
        if text.strip():
            out.append((text, in_table))
    return has_block


def _verbs(flat: str) -> list[re.Match]:
    """``list(_VERB.finditer(flat))`` for a clean ``flat``, each search started just before the
    next "elected"/"appointed": in text with single spaces a verb phrase starts at most
    ``_VERB_LEAD`` characters before its keyword ("have been re-elected")."""
    if not flat.isascii():  # lower() keeps positions in ASCII text only
        return list(_VERB.finditer(flat))
    low = flat.lower()
    verbs = []
    pos = 0
    while True:
        elected, appointed = low.find("elected", pos), low.find("appointed", pos)
        keyword = (
            min(elected, appointed) if elected >= 0 and appointed >= 0 else max(elected, appointed)
        )
        if keyword < 0 or not (m := _VERB.search(flat, max(pos, keyword - _VERB_LEAD))):
            return verbs
        verbs.append(m)
        pos = m.end()


def _sentences(text: str, page_group: str | None, url: str) -> list[dict]:
    """Records from the 'NAME (Org - OP) was elected ROLE of GROUP on DATE' form."""
    fold = _fold(text)
    if "elected" not in fold and "appointed" not in fold:  # no verb phrase can match
        return []
    flat = clean(text) or ""
    verbs = _verbs(flat)
    if not verbs:
        return []
    # What follows the last verb phrase is the same for every verb of the sentence.
    rest = flat[verbs[-1].end() :]
    elected_on, date_raw = _date(rest)
    rest_group: list[re.Match | None] = []  # _GROUP_OF in ``rest``, searched when needed
    records, start = [], 0
    for i, verb in enumerate(verbs):
        span = flat[start : verb.start()]
        start = verb.end()
        if "(" not in span:  # a person is "NAME (affiliation)"
            continue
        end = verbs[i + 1].start() if i + 1 < len(verbs) else len(flat)
        after = flat[verb.end() : end]
        group_m = _GROUP_OF.search(after)
        if group_m is None:
            if not rest_group:
                rest_group.append(_GROUP_OF.search(rest))
            group_m = rest_group[0]
        group_raw = group_m.group("g") if group_m else page_group
        term = _term(verb, after)
        for p in _PERSON.finditer(span):
            org, op = _split_aff(p.group("aff"))
            person, raw = _person(p.group("name"))
            records.append(_record(url, group_raw, verb.group("role"), person, raw, org, op,
                                   term=term, reelected=bool(verb.group("re")),
                                   elected_on=elected_on, elected_on_raw=date_raw))  # fmt: skip
    return records


def _split_name(who: str) -> tuple[str, str]:
    """Split "Mr Marc GRANT AT&T" into ("Marc GRANT", "AT&T"): given names, upper-case surname run."""
    words = _TITLE.sub("", who).split()
    i = 0
    while i < len(words) and not _CAPS.match(words[i]):
        i += 1
    j = i
    while j < len(words) and _CAPS.match(words[j]):
        j += 1
    return " ".join(words[:j]), " ".join(words[j:])


def _context(context: str, page_group: str | None) -> tuple:
    """Role, group, election date and re-election read from a listing's context line."""
    role = _ROLE_RE.findall(context)
    group_m = _GROUP_OF.search(context) or _GROUP_ANY.search(context)
    elected_on, date_raw = _date(context)
    return (
        role[-1] if role else "",
        group_m.group("g") if group_m else page_group,
        elected_on,
        date_raw,
        bool(_REELECTED.search(context)),
    )


def _listing(blocks: list[tuple[str, bool]], page_group: str | None, url: str) -> list[dict]:
    """Records from 'Name Company / Partner:' blocks (lines or two-cell table rows)."""
    if not any("/" in text for text, _ in blocks):  # every listed person has "/ PARTNER"
        return []
    lines: list[tuple[str, bool]] = []
    for text, in_table in blocks:
        lines += [(ln, in_table) for ln in (clean(x) for x in text.split("\n")) if ln]
    records, context = [], ""
    read: dict[str, tuple] = {}  # context line -> what _context reads in it (lines repeat)
    i = 0
    while i < len(lines):
        text, in_table = lines[i]
        pair = None
        if in_table and _TITLE.match(text) and i + 1 < len(lines):
            nxt = _CELL_PAIR.match(lines[i + 1][0])
            if nxt and nxt.group(2) in PARTNERS:
                pair = (_TITLE.sub("", text), text, nxt.group(1), nxt.group(2), False)
                i += 1
        elif (
            "/" in text
            and (m := _LINE.match(_BLOCK_HEAD.sub("", text)))
            and m.group("op") in PARTNERS
        ):
            who = m.group("who")
            person, org = _split_name(who)
            raw = who[: len(who) - len(org)].strip() if org else who
            pair = (person, raw, org or None, m.group("op"), True)
        if pair is None:
            if "chair" in _fold(text) and _CHAIR.search(text):
                context = text
            i += 1
            continue
        person, raw, org, op, heuristic = pair
        if context not in read:
            read[context] = _context(context, page_group)
        role, group_raw, elected_on, date_raw, reelected = read[context]
        record = _record(url, group_raw, role, person, raw, org, op, term=None,
                         reelected=reelected, elected_on=elected_on,
                         elected_on_raw=date_raw)  # fmt: skip
        record["name_split_heuristic"] = heuristic
        records.append(record)
        i += 1
    return records


#: :func:`normalise_group` memoised: group labels are a small vocabulary.


def _record(url, group_raw, role_raw, person, person_raw, org, op, **extra) -> dict:
    """One ``post`` record, keys as :func:`~crawlers.parsers.common.post_record` orders them."""
    code = normalise_group(group_raw)
    if not group_raw:
        raise LayoutChanged(f"{url}: election sentence names no group")
    record = {
        "kind": "post",
        "body": BODY,
        "group": code or clean(group_raw),
        "role": normalise_role(role_raw),
        "role_raw": clean(role_raw),
        "person": clean(person),
        "organization": clean(org),
        "country": None,
        "source_url": url,
        "group_raw": group_raw,
        "parent_group": parent_of(code),
        "partner_org": op,
        **extra,
    }
    if person_raw != person:
        record["person_raw"] = person_raw
    return record


def parse(body: bytes | str, url: str) -> list[dict]:
    """Parse an election news page into ``post`` records (pure; raises when none is found)."""
    root = parse_html(body)
    page_group = _page_group(root, url)
    blocks = _blocks(root)
    records: list[dict] = []
    seen: set[tuple] = set()
    for text, _in_table in blocks:
        for rec in _sentences(text, page_group, url):
            key = (rec["group"], rec["role"], rec["person"])
            if key not in seen:
                seen.add(key)
                records.append(rec)
    for rec in _listing(blocks, page_group, url):
        key = (rec["group"], rec["role"], rec["person"])
        if key not in seen:
            seen.add(key)
            records.append(rec)
    if not records:
        raise NoRosterFound(f"{url}: no election sentence found")
    return records

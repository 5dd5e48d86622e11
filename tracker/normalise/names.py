"""Person names as the sources print them -> display form, parts and a conservative key.

Shapes handled: titles ("Mr. Yutaka MIYAKE", "Prof. Dr.-Ing. ..."), upper-case surnames
(ITU "Yutaka MIYAKE", 3GPP "Wanshi CHEN") in either position (East Asian family-first
"CHEN Wanshi"), "Family, Given", initials ("P. Reininger", "P.Reininger"), a nickname in
parentheses ("Xiaodong (Steven) Chen": kept aside, not in the key), role notes in
parentheses ("(secretary)": dropped), particles ("Han van Bussel": family "van Bussel").

With no upper-case cue the last word is the family name (particles included).  The key is
order-insensitive: folded given and family (diacritics, case, hyphens, apostrophes removed),
sorted.  ``compare`` says "same" only when keys are equal and nothing contradicts the order;
"possible" covers initials, romanisation variants (small table below), extra middle
initials, split/joined given names and swapped order without case cues; else "different".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

_TITLES = {
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "mme": "Mme",
    "mlle": "Mlle", "dr": "Dr", "prof": "Prof", "professor": "Prof", "sir": "Sir",
    "dame": "Dame", "dr-ing": "Dr.-Ing.", "ir": "Ir", "eng": "Eng",
    "herr": "Herr", "frau": "Frau",
}  # fmt: skip
_SUFFIXES = {"phd", "ph.d", "ph.d.", "jr", "jr.", "sr", "sr.", "mba", "msc", "bsc", "ii", "iii"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della",
              "dos", "das", "ten", "ter", "bin", "al", "el", "zu"}  # fmt: skip
_ROLE_WORDS = {"secretary", "chair", "chairman", "vice-chair", "rapporteur", "editor",
               "convenor", "acting", "interim", "staff", "tsb"}  # fmt: skip
# Romanisation variants of the same family name (Korean, Chinese, Japanese long vowels).
_VARIANTS = [
    "lee yi rhee rhie ri i li", "park pak bak", "choi choe chey", "kim gim", "jeong jung chung "
    "joung cheong", "kang gang", "cho jo", "yoon yun", "lim im rim", "shin sin", "oh o",
    "seo suh", "kwon gwon", "ahn an", "ryu yoo yu ryoo", "noh roh no", "hwang whang",
    "zhang chang cheung", "wang wong", "liu lau lao", "chen chan chin", "yang yeung",
    "zhao chao chiu", "zhou chou chow", "xu hsu tsui", "guo kuo kwok", "he ho", "lin lam",
    "gao kao ko", "zheng cheng", "xie hsieh tse", "wu ng woo", "huang hwong", "sun suen",
    "ohno ono oono", "sato satoh", "kato katoh", "ito itoh", "saito saitoh", "goto gotoh",
    "ota ohta oota", "oshima ooshima", "kondo kondoh",
]  # fmt: skip
_VARIANT_OF = {w: grp.split()[0] for grp in _VARIANTS for w in grp.split()}
# Korean family names: "Lee Jae-sub" (family first, hyphenated given name) is read family-first.
_KOREAN_FAMILY = set(
    "kim lee yi rhee park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim "
    "im han oh seo suh shin sin kwon ahn an song ryu yoo yu jeon hong ko go moon mun yang son "
    "bae baek heo nam shim noh roh ha kwak sung seong cha joo ju woo koo ku min yeom chun jin "
    "eom won chae hwang".split()
)


@dataclass(frozen=True)
class PersonName:
    display: str  # "Yutaka Miyake": given first, surname title-cased
    given: str | None
    family: str | None
    key: str  # order-insensitive folded key, see ``match_key``
    title: str | None = None  # "Mr", "Prof Dr" ...
    nickname: str | None = None  # "Steven" in "Xiaodong (Steven) Chen"
    order_cue: bool = False  # True when an upper-case surname fixed which part is family
    raw: str = ""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]", "", text.replace("ß", "ss").replace("ø", "o").replace("ł", "l"))


def _is_upper(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title_case(token: str) -> str:
    def cap(part: str) -> str:
        if part[:2].lower() == "mc" and len(part) > 2:
            return "Mc" + part[2:].capitalize()
        return part[:1].upper() + part[1:].lower()

    return re.sub(r"[^\s\-']+", lambda m: cap(m.group(0)), token)


def _is_initial(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]\.?", token))


def _take_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    titles = []
    while tokens:
        canon = _TITLES.get(re.sub(r"[.\s]", "", tokens[0]).lower())
        if canon is None or len(tokens) == 1:
            break
        titles.append(canon)
        tokens = tokens[1:]
    return titles, tokens


def parse_name(raw: str) -> PersonName:
    """Split a printed person name into display, given, family, key and title."""
    text = unicodedata.normalize("NFKC", raw or "").replace("\xa0", " ").strip()
    nickname = None
    for inner in re.findall(r"\(([^()]*)\)", text):
        words = inner.strip().split()
        if (
            1 <= len(words) <= 2
            and all(re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", w) for w in words)
            and not {w.lower() for w in words} & _ROLE_WORDS
        ):
            nickname = nickname or " ".join(words)
    text = re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", text)  # "P.Reininger"
    family_first = None
    if text.count(",") == 1:
        left, right = (p.strip() for p in text.split(","))
        if left and right and right.lower().strip(".") not in _SUFFIXES:
            family_first, text = left, right
    tokens = [t for t in text.replace(",", " ").split() if t.lower() not in _SUFFIXES]
    titles, tokens = _take_titles(tokens)
    if family_first is not None:
        given_t, family_t, cue = tokens, family_first.split(), True
    else:
        given_t, family_t, cue = _split(tokens)
    family = " ".join(_title_case(t) if _is_upper(t) else t for t in family_t) or None
    given = " ".join(_title_case(t) if _is_upper(t) else t for t in given_t) or None
    display = " ".join(p for p in (given, family) if p)
    return PersonName(
        display=display,
        given=given,
        family=family,
        key=_key(given, family),
        title=" ".join(titles) or None,
        nickname=_title_case(nickname) if nickname and _is_upper(nickname) else nickname,
        order_cue=cue,
        raw=raw,
    )


def _split(tokens: list[str]) -> tuple[list[str], list[str], bool]:
    if not tokens:
        return [], [], False
    upper = [i for i, t in enumerate(tokens) if _is_upper(t)]
    if upper and len(upper) < len(tokens):
        first, last = upper[0], upper[-1]
        if upper == list(range(first, last + 1)):  # one contiguous upper-case block
            return tokens[:first] + tokens[last + 1 :], tokens[first : last + 1], True
    if (
        len(tokens) == 2
        and tokens[0].lower() in _KOREAN_FAMILY
        and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", tokens[1])
    ):
        return tokens[1:], tokens[:1], False
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in _PARTICLES:
        start -= 1
    return tokens[:start], tokens[start:], False


def _key(given: str | None, family: str | None) -> str:
    parts = [_fold(p) for p in (given, family) if p]
    return " ".join(sorted(p for p in parts if p))


def match_key(name: str) -> str:
    """Order-insensitive key: folded given and folded family, sorted ("chen wanshi")."""
    return parse_name(name).key


def _tokens(text: str | None) -> list[str]:
    return [_fold(t) for t in re.split(r"[\s\-]+", text or "") if _fold(t)]


def _initials_fit(short: list[str], full: list[str]) -> bool:
    """Every short given token is an initial or equal of the full one, in order."""
    if not short or len(short) > len(full):
        return False
    return all(
        s == f or (len(s) == 1 and f.startswith(s)) for s, f in zip(short, full, strict=False)
    )


def _variant(name: str | None) -> str:
    return " ".join(_VARIANT_OF.get(t, t) for t in _tokens(name))


def compare(a: str, b: str) -> Literal["same", "possible", "different"]:
    """Conservative comparison of two printed names (never "same" on a fuzzy match)."""
    pa, pb = parse_name(a), parse_name(b)
    if not pa.key or not pb.key:
        return "different"
    fa, fb = _fold(pa.family or ""), _fold(pb.family or "")
    if pa.key == pb.key:
        if fa == fb:
            return "same"
        return "different" if pa.order_cue and pb.order_cue else "possible"
    all_a = sorted(_tokens(pa.given) + _tokens(pa.family))
    all_b = sorted(_tokens(pb.given) + _tokens(pb.family))
    if all_a == all_b:  # "Jae-sub Lee" / "Lee Jae Sub"
        return "possible"
    for xa, xb in ((pa, pb), (pb, pa)):
        if xa.nickname and _key(xa.nickname, xa.family) == xb.key:  # "Steven Chen"
            return "possible"
    pairs = [(pa.given, pa.family, pb.given, pb.family)]
    if not (pa.order_cue and pb.order_cue):
        pairs.append((pa.given, pa.family, pb.family, pb.given))
    for ga, fam_a, gb, fam_b in pairs:
        if not fam_a or not fam_b or _variant(fam_a) != _variant(fam_b):
            continue
        ta, tb = _tokens(ga), _tokens(gb)
        if ta == tb or "".join(ta) == "".join(tb):
            return "possible"  # romanised family variant, or "Seong Ho" / "Seongho"
        if _initials_fit(ta, tb) or _initials_fit(tb, ta):
            return "possible"
        short, full = sorted((ta, tb), key=len)
        if (
            short
            and all(t in full for t in short)
            and all(len(t) == 1 for t in full if t not in short)
        ):
            return "possible"  # an extra middle initial: "Ramesh S. Krishnamurthy"
    return "different"

"""The 3GPP group tree as data, and one function to read every spelling of a group's name.

3GPP has three Technical Specification Groups (TSG RAN, TSG SA, TSG CT) with working groups
under each (SOURCES.md section 4).  Pages, file names and TDoc numbers spell the same group
many ways: "RAN WG1", "TSG RAN WG1", "RAN1", "R1" (TDoc prefix ``R1-``), "WG1_RL1" (FTP
folder), "TSGR1" (meeting folder ``TSGR1_123``); plenaries: "TSG RAN", "RAN", "RP".
:func:`normalise_group` maps them all to one code ("RAN1", "SA2", "CT4", "RAN", "SA", "CT").

Only the current groups are listed: closed ones (RAN6, CT2, CT5, GERAN, the old TSG CN/T
groups) give ``None`` rather than a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

PARSER_VERSION = "1"

#: One dict per group: ``code`` (canonical), ``name``, ``parent`` (TSG code or ``None``),
#: ``kind`` (``tsg`` / ``wg``), ``prefix`` (TDoc number prefix), ``ftp_dir`` (folder name).
GROUPS: list[dict] = [
    {"code": "RAN", "name": "Radio Access Network", "parent": None, "kind": "tsg", "prefix": "RP", "ftp_dir": "TSG_RAN"},
    {"code": "RAN1", "name": "Radio Layer 1", "parent": "RAN", "kind": "wg", "prefix": "R1", "ftp_dir": "WG1_RL1"},
    {"code": "RAN2", "name": "Radio Layer 2 and Radio Resource Control", "parent": "RAN", "kind": "wg", "prefix": "R2", "ftp_dir": "WG2_RL2"},
    {"code": "RAN3", "name": "UTRAN/E-UTRAN/NG-RAN architecture and related network interfaces", "parent": "RAN", "kind": "wg", "prefix": "R3", "ftp_dir": "WG3_Iu"},
    {"code": "RAN4", "name": "Radio Performance and Protocol Aspects", "parent": "RAN", "kind": "wg", "prefix": "R4", "ftp_dir": "WG4_Radio"},
    {"code": "RAN5", "name": "Mobile Terminal Conformance Testing", "parent": "RAN", "kind": "wg", "prefix": "R5", "ftp_dir": "WG5_Test_ex-T1"},
    {"code": "SA", "name": "Service and System Aspects", "parent": None, "kind": "tsg", "prefix": "SP", "ftp_dir": "TSG_SA"},
    {"code": "SA1", "name": "Services", "parent": "SA", "kind": "wg", "prefix": "S1", "ftp_dir": "WG1_Serv"},
    {"code": "SA2", "name": "System Architecture and Services", "parent": "SA", "kind": "wg", "prefix": "S2", "ftp_dir": "WG2_Arch"},
    {"code": "SA3", "name": "Security and Privacy", "parent": "SA", "kind": "wg", "prefix": "S3", "ftp_dir": "WG3_Security"},
    {"code": "SA4", "name": "Multimedia Codecs, Systems and Services", "parent": "SA", "kind": "wg", "prefix": "S4", "ftp_dir": "WG4_CODEC"},
    {"code": "SA5", "name": "Management, Orchestration and Charging", "parent": "SA", "kind": "wg", "prefix": "S5", "ftp_dir": "WG5_TM"},
    {"code": "SA6", "name": "Application Enablement and Critical Communication Applications", "parent": "SA", "kind": "wg", "prefix": "S6", "ftp_dir": "WG6_MissionCritical"},
    {"code": "CT", "name": "Core Network and Terminals", "parent": None, "kind": "tsg", "prefix": "CP", "ftp_dir": "TSG_CT"},
    {"code": "CT1", "name": "User Equipment - Core Network protocols", "parent": "CT", "kind": "wg", "prefix": "C1", "ftp_dir": "WG1_mm-cc-sm_ex-CN1"},
    {"code": "CT3", "name": "Interworking with External Networks and Policy and Charging Control", "parent": "CT", "kind": "wg", "prefix": "C3", "ftp_dir": "WG3_interworking_ex-CN3"},
    {"code": "CT4", "name": "Core Network Protocols", "parent": "CT", "kind": "wg", "prefix": "C4", "ftp_dir": "WG4_protocollars_ex-CN4"},
    {"code": "CT6", "name": "Smart Card Application Aspects", "parent": "CT", "kind": "wg", "prefix": "C6", "ftp_dir": "WG6_Smartcard_Ex-T3"},
]  # fmt: skip

_BY_CODE = {g["code"]: g for g in GROUPS}
_BY_PREFIX = {g["prefix"]: g["code"] for g in GROUPS}
_BY_FTP = {g["ftp_dir"].upper(): g["code"] for g in GROUPS}
_LETTER = {"R": "RAN", "S": "SA", "C": "CT"}
# The WG folder names without the leading "WGn_" part: RL1, SERV, ARCH, ... -> code.
_BY_FTP_TAIL = {g["ftp_dir"].upper().split("_")[1]: g["code"] for g in GROUPS if g["kind"] == "wg"}

_TSG_WG = re.compile(r"^(RAN|SA|CT)[\s_\-]*(?:WG|WORKING GROUP)?[\s_\-]*(\d)$")
_TSG_ONLY = re.compile(r"^(RAN|SA|CT)$")
_SHORT = re.compile(r"^([RSC])([P1-6])$")
_TSG_FOLDER = re.compile(r"^TSG[\s_]?([RSC])(\d)?(?:[_#\s].*)?$")
_WG_FOLDER = re.compile(r"^WG\d_([A-Z]+\d?)")


def group_info(code: str | None) -> dict | None:
    """The :data:`GROUPS` entry for a canonical code, or ``None``."""
    return _BY_CODE.get(code or "")


def parent_of(code: str | None) -> str | None:
    """The TSG a working group belongs to (``RAN1`` -> ``RAN``); ``None`` for a TSG."""
    info = group_info(code)
    return info["parent"] if info else None


def _known(code: str) -> str | None:
    return code if code in _BY_CODE else None


@lru_cache(maxsize=1024)
def normalise_group(text: str | None) -> str | None:
    """Map any printed spelling of a 3GPP group to its canonical code, or ``None``.

    Memoised: group spellings are a small vocabulary.

    >>> [normalise_group(t) for t in ("TSG RAN WG1", "R1", "WG1_RL1", "SA WG2", "CP", "RAN6")]
    ['RAN1', 'RAN1', 'RAN1', 'SA2', 'CT', None]
    """
    if not text:
        return None
    key = " ".join(str(text).replace("\xa0", " ").split()).upper()
    key = re.sub(r"\s*\(.*?\)\s*$", "", key)  # "RAN WG1 (Radio Layer 1)"
    key = re.sub(r"^3GPP[\s_\-]+", "", key)
    key = re.sub(r"\s*#.*$", "", key)  # "RAN1#123" -> "RAN1"
    if key in _BY_FTP:
        return _BY_FTP[key]
    folder = _WG_FOLDER.match(key)
    if folder and folder.group(1) in _BY_FTP_TAIL:
        return _BY_FTP_TAIL[folder.group(1)]
    key = re.sub(r"^TSG[\s_\-]+", "", key)
    if m := _TSG_WG.match(key):
        return _known(f"{m.group(1)}{m.group(2)}")
    if _TSG_ONLY.match(key):
        return key
    if _SHORT.match(key):
        return _BY_PREFIX.get(key)
    if m := _TSG_FOLDER.match(key):
        tsg = _LETTER[m.group(1)]
        return _known(f"{tsg}{m.group(2) or ''}")
    return None

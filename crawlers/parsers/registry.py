"""Parser names (as used by ``sso-tracker parse`` and stored on snapshots) -> functions.

Entries are ``module:function`` strings imported on first use, so that listing parsers
does not import every parser module.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

PARSERS: dict[str, str] = {
    "iso-open-data": "crawlers.parsers.iso_open_data:parse",
    "records-jsonl": "crawlers.parsers.records_jsonl:parse",
    "curated-csv": "crawlers.parsers.curated_csv:parse",
    "itu-mgmt": "crawlers.parsers.itu_mgmt:parse",
    "itu-loqr": "crawlers.parsers.itu_loqr:parse",
    "itu-fg": "crawlers.parsers.itu_fg:parse",
    "itu-md": "crawlers.parsers.itu_md:parse",
    "iso-committee": "crawlers.parsers.iso_committee:parse",
    "iso-committee-children": "crawlers.parsers.iso_committee:parse_children",
    "iec-committee": "crawlers.parsers.iec_committee:parse",
    "iec-committee-list": "crawlers.parsers.iec_committee:parse_committee_list",
    "iec-np-vote": "crawlers.parsers.iec_np_vote:parse",
    "tgpp-officials": "crawlers.parsers.tgpp_officials:parse",
    "tgpp-election": "crawlers.parsers.tgpp_election:parse",
    "tgpp-tdocs": "crawlers.parsers.tgpp_tdocs:parse",
    "tgpp-corporate-groups": "crawlers.parsers.tgpp_corporate:parse",
}


def get_parser(name: str) -> Callable[[bytes | str, str], list[dict]]:
    try:
        target = PARSERS[name]
    except KeyError:
        raise KeyError(f"unknown parser {name!r}; known: {', '.join(sorted(PARSERS))}") from None
    module, func = target.split(":")
    return getattr(import_module(module), func)


def parser_version(name: str) -> str:
    module = PARSERS[name].split(":")[0]
    return str(getattr(import_module(module), "PARSER_VERSION", "1"))

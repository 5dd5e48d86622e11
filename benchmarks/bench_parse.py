"""Benchmark: parse speed of every parser on its saved pages, against a bare parse of the same bytes.

    python benchmarks/bench_parse.py [--min-time 1.0] [--json PATH] [--profile PARSER]

For each parser of ``crawlers/parsers/registry.py``, its pages are the fixtures in
``tests/fixtures/<body>/<parser module>/`` (plus ``tests/fixtures/curated/*.csv`` for
``curated-csv`` and the bundled ``datasets/iso-open-data`` feeds for ``iso-open-data``), each
given the URL its test gives it.  Only valid pages are timed: a page that raises ``ParseError``
(the error-page / changed-layout fixtures), raises anything else, or yields no record is
skipped and counted.  Each round parses every valid page once with ``parse(body, url)`` and
once with the baseline; rounds repeat until each side has run ``--min-time`` seconds (at
least 3 rounds); the median round gives pages per second.

Baselines: HTML pages ``lxml.html.fromstring(body)``; ``.xlsx`` workbooks
``openpyxl.load_workbook(read_only=True)`` and iterating every row; CSV ``csv.reader``;
JSON Lines ``json.loads`` per line.  Target (the issue's): every HTML parser at least half as
fast as the bare lxml parse of the same pages (ratio >= 0.5).  The other baselines have no
target: their ratios are printed for comparison and the verdict column says "n/a".
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from crawlers.parsers.common import ParseError  # noqa: E402
from crawlers.parsers.itu_periods import loqr_url, md_url, mgmt_url  # noqa: E402
from crawlers.parsers.registry import PARSERS, get_parser  # noqa: E402
from tracker.ingest.snapshot import read_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TARGET = 0.5
ISO, IEC = (
    "https://www.iso.org/committee/{}.html",
    "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:{}",
)
NEWS = "https://www.3gpp.org/news-events/3gpp-news/"
TGPP_REPORT = "https://3gpp.org/ftp/{}/Report/Report_Annexes.htm"
ITU_MD = md_url("SG17", "T25-SG17-250415")
# The URL each page was saved from, as its test passes it (parsers read group/period from it).
URLS = {
    "itu_mgmt/sg17_2017-2020.html": mgmt_url("SG17", 16),
    "itu_mgmt/sg13_2023-07.html": mgmt_url("SG13", 17),
    "itu_mgmt/sg13_2024-01.html": mgmt_url("SG13", 17),
    "itu_mgmt/server_error.html": mgmt_url("SG13", 18),
    "itu_mgmt/renamed_ids.html": mgmt_url("SG13", 18),
    "itu_mgmt/empty_rows.html": mgmt_url("SG21", 18),
    "itu_loqr/sg17_2017-2020.html": loqr_url("SG17", 16),
    "itu_loqr/sg13_2025-2028_repeated_ids.html": loqr_url("SG13", 18),
    "itu_loqr/renamed_ids.html": loqr_url("SG13", 18),
    "itu_md/t25_sg17_250415_c_page1.html": ITU_MD,
    "itu_md/t25_sg17_250415_c_page2.html": ITU_MD + "&PageLB=4",
    "itu_md/t25_sg17_250415_td_plen.html": md_url("SG17", "T25-SG17-250415", doc="TD-PLEN"),
    "itu_md/renamed_headers.html": ITU_MD,
    "itu_fg/ai4h_default.html": "https://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx",
    "itu_fg/an_default.html": "https://www.itu.int/en/ITU-T/focusgroups/an/Pages/default.aspx",
    "itu_fg/ai4ee_tor.html": "https://www.itu.int/en/ITU-T/focusgroups/ai4ee/Pages/ToR.aspx",
    "itu_fg/page_not_found.html": "https://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/management.aspx",
    "iso_committee/tc12_chair_until_2027.html": ISO.format(46202),
    "iso_committee/bold_labels_no_colon.html": ISO.format(46202),
    "iso_committee/jtc1_sc42.html": ISO.format(6794475),
    "iso_committee/tc307_no_chair.html": ISO.format(6266604),
    "iso_committee/tc176_chair_elect.html": ISO.format(53882),
    "iso_committee/tc20_sc1_2025-01.html": ISO.format(46506),
    "iso_committee/tc20_sc1_2026-01.html": ISO.format(46506),
    "iso_committee/tc20_children.html": ISO.format(46484),
    "iec_committee/tc57_officers.html": IEC.format("1273"),
    "iec_committee/jtc3_officers.html": IEC.format("49854"),
    "iec_committee/committee_list.html": "https://www.iec.ch/dyn/www/f?p=103:6:0",
    "iec_np_vote/57_2235_NP.html": "https://www.iec.ch/dyn/www/f?p=103:52:0::::"
    "FSP_ORG_ID,FSP_DOC_ID,FSP_DOC_PIECE_ID:1273,1026728,338343",
    "tgpp_officials/sa87e_report_annexes.html": TGPP_REPORT.format("tsg_sa/TSG_SA/TSGS_87E_Electronic"),
    "tgpp_officials/ran75_report_annexes.html": TGPP_REPORT.format("tsg_ran/TSG_RAN/TSGR_75"),
    "tgpp_officials/ran88e_report_annexes.html": TGPP_REPORT.format("tsg_ran/TSG_RAN/TSGR_88e"),
    "tgpp_officials/ran90e_report_annexes.html": TGPP_REPORT.format("tsg_ran/TSG_RAN/TSGR_90e"),
    "tgpp_officials/ct99_report_annexes.html": TGPP_REPORT.format("tsg_ct/TSG_CT/TSGC_99"),
    "tgpp_election/tsg_ran_election_2023.html": NEWS + "tsg-ran-election",
    "tgpp_election/tsg_ct_election_2023.html": NEWS + "tsg-ct-election",
    "tgpp_election/new_ran_chairman_2009.html": NEWS + "new-ran-chairman-elected",
    "tgpp_corporate/corporate_groups.html": "https://www.3gpp.org/dynareport?code=corporate-groups.htm",
    "tgpp_corporate/corporate_groups_list_cells.html": "https://www.3gpp.org/dynareport?code=corporate-groups.htm",
    "tgpp_tdocs/ran1_123.xlsx": "https://www.3gpp.org/ftp/tsg_ran/WG1_RL1/TSGR1_123/docs/"
    "TDoc_List_Meeting_RAN1%23123.xlsx",
    "tgpp_tdocs/ran2_129_header_drift.xlsx": "https://www.3gpp.org/ftp/tsg_ran/WG2_RL2/TSGR2_129/Inbox/"
    "Tdoc_list/TDoc_List_Meeting_RAN2%23129%20(250221).xlsx",
}  # fmt: skip
EXTRA_PAGES = {
    "curated-csv": lambda: sorted((FIXTURES / "curated").glob("*.csv")),
    "iso-open-data": lambda: sorted((ROOT / "datasets" / "iso-open-data").glob("*.jsonl.gz")),
}
SUFFIXES = (".html", ".htm", ".xlsx", ".csv", ".jsonl", ".gz")


def _lxml(body: bytes) -> None:
    lxml.html.fromstring(body)


def _openpyxl(body: bytes) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()


def _csv(body: bytes) -> None:
    list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _jsonl(body: bytes) -> None:
    [json.loads(line) for line in body.splitlines() if line.strip()]


LXML = "lxml.html.fromstring"
BASELINES: dict[str, tuple[str, Callable[[bytes], None]]] = {
    ".html": (LXML, _lxml),
    ".htm": (LXML, _lxml),
    ".xlsx": ("openpyxl read_only + rows", _openpyxl),
    ".csv": ("csv.reader", _csv),
    ".jsonl": ("json.loads per line", _jsonl),
    ".gz": ("json.loads per line", _jsonl),
}


def pages_of(name: str) -> list[Path]:
    """Fixture pages of one parser: the folder named after its module, plus extra sources."""
    module = PARSERS[name].split(":")[0].rsplit(".", 1)[-1]
    found = [p for p in sorted(FIXTURES.glob(f"*/{module}/*")) if p.name.endswith(SUFFIXES)]
    return found + (EXTRA_PAGES[name]() if name in EXTRA_PAGES else [])


def url_for(path: Path) -> str:
    """The page's URL from ``URLS``, else the first URL known for its folder."""
    folder = path.parent.name
    fallback = next((u for k, u in URLS.items() if k.startswith(folder + "/")), None)
    return URLS.get(f"{folder}/{path.name}") or fallback or "https://example.org/" + path.name


def valid_pages(name: str) -> tuple[list[tuple[Path, bytes, str, int]], dict[str, list[str]]]:
    """(pages that parse to records, with their record counts; skipped page names by reason)."""
    parse = get_parser(name)
    valid, skipped = [], {"ParseError": [], "other error": [], "no records": []}
    for path in pages_of(name):
        body, url = read_bytes(path), url_for(path)
        try:
            records = parse(body, url)
        except ParseError:
            skipped["ParseError"].append(path.name)
            continue
        except Exception as exc:  # noqa: BLE001 - a page this parser cannot take at all
            skipped["other error"].append(f"{path.name} ({type(exc).__name__})")
            continue
        if records:
            valid.append((path, body, url, len(records)))
        else:
            skipped["no records"].append(path.name)
    return valid, skipped


def _round(func: Callable, calls: list[tuple]) -> float:
    t = time.perf_counter()
    for args in calls:
        func(*args)
    return time.perf_counter() - t


def measure(name: str, min_time: float) -> dict | None:
    valid, skipped = valid_pages(name)
    n_skipped = sum(len(v) for v in skipped.values())
    if not valid:
        return None if not n_skipped else {"parser": name, "pages": 0, "skipped": skipped}
    suffix = next(s for s in SUFFIXES if valid[0][0].name.endswith(s))
    label, base = BASELINES[suffix]
    parse = get_parser(name)
    parse_calls = [(body, url) for _p, body, url, _n in valid]
    base_calls = [(body,) for _p, body, _u, _n in valid]
    first_p, first_b = _round(parse, parse_calls), _round(base, base_calls)  # warm-up
    rounds = max(3, min(200, int(min_time / max(min(first_p, first_b), 1e-6)) + 1))
    p_times, b_times = [], []
    for _ in range(rounds):
        p_times.append(_round(parse, parse_calls))
        b_times.append(_round(base, base_calls))
    p_rate = len(valid) / statistics.median(p_times)
    b_rate = len(valid) / statistics.median(b_times)
    return {
        "parser": name, "pages": len(valid), "skipped": skipped, "n_skipped": n_skipped,
        "kib": round(sum(len(b) for _p, b, _u, _n in valid) / 1024, 1), "rounds": rounds,
        "records": sum(n for *_rest, n in valid),
        "parser_us_per_page": round(1e6 / p_rate, 1), "baseline_us_per_page": round(1e6 / b_rate, 1),
        "baseline": label, "parser_pages_per_s": round(p_rate, 1),
        "baseline_pages_per_s": round(b_rate, 1), "ratio": round(p_rate / b_rate, 3),
        "meets_target": p_rate / b_rate >= TARGET if label == LXML else None,
    }  # fmt: skip


def table(results: list[dict]) -> str:
    head = ("| parser | pages | skipped | KiB | records | baseline | parser pages/s "
            "| baseline pages/s | µs/page: parser / baseline | ratio | >= 0.5 |\n"
            "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")  # fmt: skip
    rows = [head]
    for r in results:
        if not r["pages"]:
            rows.append(f"| {r['parser']} | 0 | {sum(len(v) for v in r['skipped'].values())} "
                        "| | | no valid page | | | | | |")  # fmt: skip
            continue
        if r["meets_target"] is None:
            verdict = "n/a (not HTML)"
        else:
            verdict = "yes" if r["meets_target"] else "**NO: below 0.5**"
        rows.append(
            f"| {r['parser']} | {r['pages']} | {r['n_skipped']} | {r['kib']} | {r['records']} "
            f"| {r['baseline']} | {r['parser_pages_per_s']:,.1f} | {r['baseline_pages_per_s']:,.1f} "
            f"| {r['parser_us_per_page']:,.1f} / {r['baseline_us_per_page']:,.1f} "
            f"| {r['ratio']:.3f} | {verdict} |"
        )
    return "\n".join(rows)


def html_total(results: list[dict]) -> dict | None:
    """Every HTML parser's valid pages taken together: the time to parse each page once with
    its parser against a bare lxml parse of the same pages (for information: the target is
    per parser)."""
    html = [r for r in results if r["pages"] and r["baseline"] == LXML]
    if not html:
        return None
    parser_us = sum(r["pages"] * r["parser_us_per_page"] for r in html)
    lxml_us = sum(r["pages"] * r["baseline_us_per_page"] for r in html)
    return {
        "parsers": len(html), "pages": sum(r["pages"] for r in html),
        "parser_us": round(parser_us, 1), "lxml_us": round(lxml_us, 1),
        "ratio": round(lxml_us / parser_us, 3),
    }  # fmt: skip


def profile(name: str, top: int = 30) -> None:
    import cProfile
    import pstats

    valid, _ = valid_pages(name)
    parse = get_parser(name)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [parse(body, url) for _ in range(20) for _p, body, url, _n in valid])
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds per side per parser")
    ap.add_argument("--parser", action="append", help="only these parsers (repeatable)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--profile", metavar="PARSER", help="cProfile one parser on its pages")
    args = ap.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    results, without = [], []
    for name in args.parser or PARSERS:
        result = measure(name, args.min_time)
        if result is None:
            without.append(name)
        else:
            results.append(result)
    print(table(results))
    total = html_total(results)
    if total:
        print(
            f"  all {total['pages']} pages of the {total['parsers']} HTML parsers together: "
            f"{total['parser_us']:,.0f} µs parsing against {total['lxml_us']:,.0f} µs bare lxml, "
            f"ratio {total['ratio']:.3f} (for information; the target is per parser)"
        )
    for r in results:
        skipped = {k: v for k, v in r["skipped"].items() if v}
        if skipped:
            print(f"  {r['parser']}: skipped {skipped}")
    if without:
        print(f"  no fixture pages: {', '.join(without)}")
    slow = [r["parser"] for r in results if r["pages"] and r["meets_target"] is False]
    if slow:
        print(f"BELOW TARGET (parser < {TARGET} x bare lxml parse): {', '.join(slow)}")
    if args.json:
        args.json.write_text(
            json.dumps({"results": results, "html_total": total, "no_fixtures": without}, indent=2)
        )
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())

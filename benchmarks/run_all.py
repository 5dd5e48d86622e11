"""Run every benchmark as a subprocess and write one Markdown table of results.

    python benchmarks/run_all.py            # full size (the history ingest takes a while)
    python benchmarks/run_all.py --quick    # small sizes, a couple of minutes
    make bench

Runs, one after the other: bench_parse, bench_ingest, bench_resolve, bench_history (keeping its
store), bench_export (on that store) and bench_timeseries.  Figures are collected from each
script's ``--json`` file (ours) or its printed lines (the others), and written with the
machine's description to ``benchmarks/results/latest.md`` (git-ignored; raw figures beside it
in ``latest.json``), and printed.  A benchmark that fails or times out gets a row saying so.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def machine() -> dict[str, str]:
    def first(path: str, key: str) -> str | None:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            return None
        return None

    mem = first("/proc/meminfo", "MemTotal")
    ram = f"{int(mem.split()[0]) / 2**20:.1f} GiB" if mem else "unknown"
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    except OSError:
        commit = ""
    libs = ", ".join(f"{n} {metadata.version(n)}" for n in ("SQLAlchemy", "lxml", "beautifulsoup4"))
    return {
        "CPU": first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "libraries": libs,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "commit": commit or "unknown",
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def run(name: str, args: list[str], timeout: float) -> dict:
    """Run one benchmark script; relay its stderr live; keep its stdout."""
    cmd = [sys.executable, str(HERE / f"{name}.py"), *args]
    print(f"\n== {name} {' '.join(args)}", file=sys.stderr, flush=True)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    out: list[str] = []
    err: deque[str] = deque(maxlen=40)

    def relay(stream, keep, echo):
        for line in stream:
            keep.append(line)
            if echo:
                sys.stderr.write(f"   {line}")

    threads = [threading.Thread(target=relay, args=(proc.stdout, out, True)),
               threading.Thread(target=relay, args=(proc.stderr, err, True))]  # fmt: skip
    for th in threads:
        th.start()
    try:
        proc.wait(timeout=timeout)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        status = f"timeout after {timeout:.0f} s"
    for th in threads:
        th.join()
    return {"name": name, "status": status, "wall_s": round(time.perf_counter() - t, 1),
            "stdout": "".join(out), "stderr_tail": "".join(err)}  # fmt: skip


def _json(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def rows_for(res: dict, data: dict | None) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, met) rows for one benchmark's figures."""
    name, out = res["name"], res["stdout"]
    if name == "bench_parse" and data:
        parsed = [r for r in data["results"] if r["pages"]]
        html = [r for r in parsed if r["baseline"].startswith("lxml")]
        worst = min(html, key=lambda r: r["ratio"]) if html else None
        below = [r["parser"] for r in parsed if r["meets_target"] is False]
        rows = [
            (
                f"parsers measured (valid fixture pages; {len(html)} HTML)",
                f"{len(parsed)} parsers, {sum(r['pages'] for r in parsed)} pages",
                "",
                "",
            )
        ]
        if total := data.get("html_total"):
            rows.append(
                (
                    "all HTML pages together: parse time / bare lxml parse (information)",
                    f"{total['ratio']:.3f} ({total['pages']} pages, {total['parsers']} parsers)",
                    "",
                    "",
                )
            )
        if worst:
            best = max(html, key=lambda r: r["ratio"])
            rows.append(
                (
                    "HTML parse speed / bare lxml parse, worst - best",
                    f"{worst['ratio']:.3f} ({worst['parser']}) - {best['ratio']:.3f} "
                    f"({best['parser']})",
                    ">= 0.5",
                    "no" if worst["ratio"] < 0.5 else "yes",
                )
            )
        rows.append(
            (
                "HTML parsers below 0.5 x bare lxml parse",
                ", ".join(below) or "none",
                "none",
                "no" if below else "yes",
            )
        )
        return rows  # fmt: skip
    if name == "bench_history" and data:
        c = data["counts"]
        return [
            (f"history ingest ({data['years']} years x {data['groups']} groups, "
             f"{data['snapshots']} snapshots, {data['records']:,} records)",
             f"{data['ingest_s']:.1f} s ({data['ingest_s'] / 60:.1f} min)",
             "< 600 s (10 years)", {True: "yes", False: "no"}.get(data["meets_target"], "n/a")),
            ("import throughput", f"{data['records_per_s']:,} records/s, "
             f"{data['snapshots_per_s']:.2f} snapshots/s", "", ""),
            ("per snapshot: first-year mean / last-year mean / max",
             f"{data['first_year_mean_s']} / {data['last_year_mean_s']} / {data['max_snapshot_s']} s",
             "", ""),
            ("snapshot statuses", json.dumps(data["statuses"]), "all applied",
             "yes" if data["statuses"].get("applied") == data["snapshots"] else "no"),
            ("final rows", f"posts {c['posts']:,}, events {c['events']:,}, observations "
             f"{c['observations']:,}, people {c['people']:,}, groups {c['groups']:,}; "
             f"store {data['db_mib']} MiB", "", ""),
        ]  # fmt: skip
    if name == "bench_export" and data:
        rows = []
        for r in data["results"]:
            target = "< 30 s, < 1024 MiB" if r["what"] == "posts" else ""
            met = ("yes" if r["seconds"] < 30 and r["peak_mib"] < 1024 else "no") if target else ""
            rows.append((f"export {r['what']} CSV, full history ({r['rows']:,} rows)",
                         f"{r['seconds']:.2f} s, peak RSS {r['peak_mib']:.0f} MiB "
                         f"(+{r['export_mib']:.0f} MiB by the export)", target, met))  # fmt: skip
        return rows
    if name == "bench_ingest":
        found = re.findall(r"^(\S.*?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", out, re.M)
        return [(f"ISO open data: {m}", f"{med} s (median; min {lo}, max {hi})", "", "")
                for m, med, lo, hi in found]  # fmt: skip
    if name == "bench_resolve":
        m = re.search(r"= ([\d,]+) strings/s", out)
        cold = re.search(r"([\d,]+) strings/s uncached", out)
        if m:
            rate = int(m.group(1).replace(",", ""))
            return [("organisation resolver, warm (uncached: first sight of each string)",
                     f"{rate:,} strings/s (uncached {cold.group(1) if cold else '?'} strings/s)",
                     ">= 50,000", "yes" if rate >= 50_000 else "no")]  # fmt: skip
    if name == "bench_timeseries":
        m = re.search(r"^sqlite: (\{.*?\})", out, re.M)
        if m:
            d = ast.literal_eval(m.group(1))
            return [(f"share_over_time, SQLite ({d['posts']:,} posts, {d['dates']} months)",
                     f"median {d['median_ms']} ms (first {d['first_ms']} ms)", "< 300 ms",
                     "yes" if d["median_ms"] < 300 else "no")]  # fmt: skip
    return []


def markdown(info: dict, results: list[dict], quick: bool) -> str:
    lines = ["# sso-tracker benchmarks" + (" (--quick: reduced sizes)" if quick else ""), "",
             "## Machine", "", "| | |", "|---|---|"]  # fmt: skip
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Results", "", "| benchmark | measure | value | target | met |",
              "|---|---|---|---|---|"]  # fmt: skip
    for res in results:
        rows = res["rows"] or [("", "no figures", "", "")]
        for measure, value, target, met in rows:
            met = {"no": "**NO**"}.get(met, met)
            lines.append(f"| {res['name']} | {measure} | {value} | {target} | {met} |")
        if res["status"] != "ok":
            why = " (a target missed)" if res["rows"] and res["status"] == "exit 1" else ""
            lines.append(f"| {res['name']} | run status | {res['status']}{why} "
                         f"(after {res['wall_s']} s) | | |")  # fmt: skip
    for res in results:
        if res["name"] == "bench_parse" and res["stdout"].strip():
            lines += ["", "## Parse speed per parser", "", res["stdout"].strip()]
    failed = [r for r in results if r["status"] != "ok" and not r["rows"]]
    for res in failed:
        lines += ["", f"### {res['name']}: {res['status']}", "", "```",
                  res["stderr_tail"].strip()[-2500:], "```"]  # fmt: skip
    lines += ["", "Wall time per benchmark: "
              + ", ".join(f"{r['name']} {r['wall_s']} s" for r in results), ""]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    ap.add_argument("--skip", action="append", default=[], help="benchmark name to skip")
    ap.add_argument("--history-db", help="keep the history store here (default: temp dir)")
    ap.add_argument("--timeout", type=float, default=3 * 3600, help="per benchmark, seconds")
    args = ap.parse_args(argv)
    info = machine()
    print("\n".join(f"{k}: {v}" for k, v in info.items()), file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    tmp = tempfile.TemporaryDirectory(prefix="sso-bench-")
    work = Path(tmp.name)
    db = Path(args.history_db).resolve() if args.history_db else work / "history.sqlite"
    q = args.quick
    plan = [
        ("bench_parse", ["--min-time", "0.2" if q else "1.0"], True),
        ("bench_ingest", ["--repeat", "1" if q else "5"], False),
        ("bench_resolve", ["--n", "20000" if q else "100000"], False),
        ("bench_history", [*(["--years", "1", "--groups", "500"] if q else []),
                           "--db", str(db), "--force"], True),
        ("bench_export", ["--db", str(db)], True),
        ("bench_timeseries", ["--years", "2", "--groups", "1000", "--repeat", "3"] if q else [],
         False),
    ]  # fmt: skip
    results = []
    try:
        for name, extra, has_json in plan:
            if name in args.skip or (name == "bench_export" and "bench_history" in args.skip
                                     and not db.exists()):  # fmt: skip
                continue
            out = work / f"{name}.json"
            res = run(name, [*extra, *(["--json", str(out)] if has_json else [])], args.timeout)
            data = _json(out) if has_json else None
            res["figures"] = data
            res["rows"] = rows_for(res, data)
            results.append(res)
    finally:
        tmp.cleanup()
    info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = markdown(info, results, q)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    raw = [{k: v for k, v in r.items() if k != "stdout"} for r in results]
    (RESULTS / "latest.json").write_text(json.dumps({"machine": info, "results": raw},
                                                    indent=2, default=str))  # fmt: skip
    print(text)
    print(f"\nwritten to {RESULTS / 'latest.md'}", file=sys.stderr)
    failed = [
        r["name"] for r in results if r["status"].startswith(("timeout", "exit")) and not r["rows"]
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

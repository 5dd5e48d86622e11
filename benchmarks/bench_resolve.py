"""Time organisation-name resolution on 100,000 TDoc-like source strings with repeats.

    .venv/bin/python benchmarks/bench_resolve.py [--n 100000] [--seed 42]

The pool of distinct strings mixes what 3GPP TDoc lists and ITU md pages print: the
organisations of public_rosters.csv and the 2021 study, every bigbang name as written
(dirty spaces included), OP and "(Rapporteur)" suffixes, case variants, group sources
("RAN WG1") and unknown names.  Strings are drawn with a Zipf-like skew (a few companies
sign most contributions).  The resolver is built, warmed up on every distinct string, and
then timed over the whole sample.  Target: >= 50,000 strings/s after warm-up.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.orgs import BIGBANG_PATH, CURATED_PATH  # noqa: E402
from tracker.orgs.resolver import OrgResolver  # noqa: E402
from tracker.orgs.seed import build_registry, load_bigbang, load_curated  # noqa: E402

REFERENCE = Path(__file__).resolve().parent.parent / "datasets" / "reference"
TARGET = 50_000
FREQUENT = [
    "Huawei", "HiSilicon", "Qualcomm Incorporated", "Ericsson", "Nokia", "Nokia Shanghai Bell",
    "ZTE", "Sanechips", "Samsung", "CATT", "vivo", "OPPO", "Xiaomi", "Apple", "MediaTek Inc.",
    "Intel Corporation", "LG Electronics", "NTT DOCOMO INC.", "China Mobile", "CMCC",
    "China Telecom", "China Unicom", "Lenovo", "Motorola Mobility", "InterDigital, Inc.",
    "Sony", "Sharp", "KDDI Corporation", "AT&T", "Verizon", "T-Mobile USA Inc.",
    "Deutsche Telekom AG", "Orange", "Vodafone Group Plc", "Futurewei", "Spreadtrum Communications",
]  # fmt: skip
NON_ORGS = ["RAN WG1", "SA WG2", "TSG RAN", "RAN2 Chair", "Moderator (Ericsson)", "Korea (Rep. of)",
            "Acme Wireless Ltd", "Unknown Startup GmbH"]  # fmt: skip


def pool() -> list[str]:
    names: list[str] = list(FREQUENT)
    for path, col in (
        (REFERENCE / "public_rosters.csv", "organization"),
        (REFERENCE / "monograph_itu_ai_focus_groups_2021.csv", "organization"),
    ):
        with open(path, encoding="utf-8") as fh:
            names += [r[col] for r in csv.DictReader(fh) if r[col]]
    with open(BIGBANG_PATH, encoding="utf-8") as fh:
        names += [r["name"] for r in csv.DictReader(fh) if r["name"].strip()]
    variants = []
    for name in FREQUENT:
        variants += [
            f"{name} (Rapporteur)",
            f"{name} - ETSI",
            f"{name} - CCSA",
            name.upper(),
            f" {name} ",
        ]
    return list(dict.fromkeys(names + variants + NON_ORGS))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    t0 = time.perf_counter()
    registry = build_registry(load_bigbang(BIGBANG_PATH), load_curated(CURATED_PATH))
    resolver = OrgResolver(registry)
    build_s = time.perf_counter() - t0

    distinct = pool()
    rng = random.Random(args.seed)
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(distinct))]
    sample = rng.choices(distinct, weights=weights, k=args.n)

    t0 = time.perf_counter()
    resolved = sum(resolver.resolve(name) is not None for name in distinct)
    cold_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    hits = sum(resolver.resolve(name) is not None for name in sample)
    warm_s = time.perf_counter() - t0
    rate = args.n / warm_s

    print(f"registry: {len(registry.orgs)} organisations built in {build_s * 1000:.0f} ms")
    print(
        f"warm-up: {len(distinct)} distinct strings, {resolved} resolved, "
        f"{len(distinct) / cold_s:,.0f} strings/s uncached"
    )
    print(
        f"timed: {args.n:,} strings ({hits:,} resolved) in {warm_s * 1000:.1f} ms "
        f"= {rate:,.0f} strings/s (target >= {TARGET:,})"
    )
    sys.exit(0 if rate >= TARGET else 1)


if __name__ == "__main__":
    main()

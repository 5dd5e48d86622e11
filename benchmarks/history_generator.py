"""A deterministic synthetic leadership history, as the JSON-Lines snapshots a crawl would store.

    python benchmarks/history_generator.py [--years 10] [--groups 5000] [--out DIR]

The history itself comes from the dashboard benchmark's generator,
``benchmarks/synthetic_store.generate`` (shared on purpose, so both benchmarks measure the
same shape): it is run, with the same parameters and seed, into a scratch SQLite store, and
its group lifetimes and post intervals are read back.  This module only dresses them as
parser input: one ``records-jsonl`` snapshot (``docs/records.md``) per body per month, with
``kind: "group"`` records (group, name, status, parent) and ``kind: "post"`` records.

Default shape (``synthetic_store`` defaults): 5,000 groups over ISO, IEC, ITU-T and 3GPP, four
posts each (chair, vice-chair, secretariat, WG chair), 120 months from 2015-01-15, each post
changing holder with probability 3 % a month; 20 % of groups appear after the start and 5 %
close.  That is 480 snapshots of about 1,250 groups and 5,000 posts each (~3 million records).

Dressing (deterministic, from the synthetic post id and country):
* a new holder for every interval: a distinct name ``Given X. Family`` (bijective in the id);
* ISO / IEC: the member body of the post's country (``config/member_bodies.csv``) as
  ``member_body``; the secretariat post is *held* by that member body, other posts by a person;
* ITU-T: the printed ``country`` (alpha-2, with ``country_raw``) and an organisation;
* 3GPP: an organisation and the Organizational Partner of the country (ETSI elsewhere);
* a post with no country (~5 %) gets no member body, country or partner.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, select  # noqa: E402

from benchmarks.synthetic_store import BODIES, generate  # noqa: E402
from db.models import Group, GroupVersion, Post, Snapshot  # noqa: E402
from tracker.normalise.countries import country_name  # noqa: E402
from tracker.normalise.member_bodies import load_member_bodies  # noqa: E402

PARSER = "records-jsonl"
ROLE_RAW = {
    "ISO": {"chair": "Chairperson", "vice_chair": "Vice-Chair", "secretariat": "Secretariat",
            "wg_chair": "Working Group Chair", "rapporteur": "Rapporteur", "convenor": "Convenor"},
    "IEC": {"chair": "Chair", "vice_chair": "Vice-Chair", "secretariat": "Secretariat",
            "wg_chair": "WG Chair", "rapporteur": "Rapporteur", "convenor": "Convenor"},
    "ITU-T": {"chair": "Chairman", "vice_chair": "Vice-chairman", "secretariat": "Secretariat",
              "wg_chair": "WP Chairman", "rapporteur": "Rapporteur", "convenor": "Convenor"},
    "3GPP": {"chair": "Chairman", "vice_chair": "Vice-Chairman", "secretariat": "Secretariat",
             "wg_chair": "WG Chairman", "rapporteur": "Rapporteur", "convenor": "Convenor"},
}  # fmt: skip
GIVEN = (
    "Wei Li Jun Hao Ming Yan Xin Jie Lei Tao Hiroshi Takashi Kenji Yuki Akira Naoko Min-jun "
    "Seo-yeon Ji-ho Hyun-woo Anna Maria Peter Thomas Michael Andreas Stefan Julia Katrin Jan "
    "John David James Robert Mary Linda Susan Karen Paul Mark Pierre Jean Sophie Camille Luc "
    "Marco Giulia Luca Francesca Carlos Ana Javier Lucia Erik Lars Ingrid Karin Mikko Aino "
    "Olav Ola Priya Rahul Anil Sunita Vikram Ahmed Fatima Omar Layla Hans Greta Pieter Sanne "
    "Ivan Olga Dmitri Elena Thabo Naledi Rafael Beatriz Diego Sofia Noam Tamar Kofi Amara"
).split()
FAMILY = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
    "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Kim Lee Park "
    "Choi Jung Kang Cho Yoon Jang Lim Müller Schmidt Schneider Fischer Weber Meyer Wagner "
    "Becker Schulz Hoffmann Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson "
    "Taylor Martin Bernard Dubois Durand Lefebvre Moreau Laurent Simon Michel Garcia Rossi "
    "Russo Ferrari Esposito Bianchi Romano Colombo Fernández González Rodríguez López Martínez "
    "Sánchez Pérez Andersson Johansson Karlsson Nilsson Eriksson Virtanen Korhonen Hansen "
    "Olsen Larsen Sharma Patel Singh Kumar Gupta Hassan Ali Ibrahim Ivanov Petrov Smirnov "
    "Silva Santos Oliveira Cohen Levi Mensah Okafor Nkosi Dlamini Jansen DeVries Bakker"
).split()
INITIALS = "ABCDEFGHJKLMNPRSTVW"
ORGS = {
    "US": ("Qualcomm Incorporated", "Intel Corporation", "Apple", "AT&T", "Verizon", "Cisco"),
    "CN": ("Huawei Technologies Co., Ltd", "ZTE Corporation", "China Mobile", "CATT",
           "China Telecom", "China Unicom", "vivo", "OPPO", "Xiaomi"),
    "DE": ("Deutsche Telekom AG", "Siemens AG", "Robert Bosch GmbH"),
    "JP": ("NTT DOCOMO INC.", "KDDI Corporation", "Sony", "Sharp", "NEC Corporation"),
    "GB": ("Vodafone Group Plc", "BT plc"),
    "FR": ("Orange", "Thales"),
    "KR": ("Samsung", "LG Electronics", "SK Telecom", "ETRI"),
    "SE": ("Ericsson",),
    "FI": ("Nokia",),
    "CA": ("BlackBerry",),
    "IN": ("Reliance Jio", "IIT Madras"),
}  # fmt: skip
PARTNERS = {"US": "ATIS", "CN": "CCSA", "JP": "ARIB", "KR": "TTA", "IN": "TSDSI"}


def person_name(pid: int) -> str:
    """A name unique to ``pid`` (for ids below len(GIVEN) * len(INITIALS) * len(FAMILY))."""
    n = len(GIVEN) * len(INITIALS) * len(FAMILY)
    k = (pid * 7919) % n  # 7919 is prime and coprime to n: a bijection on 0..n-1
    g, rest = divmod(k, len(INITIALS) * len(FAMILY))
    i, f = divmod(rest, len(FAMILY))
    return f"{GIVEN[g]} {INITIALS[i]}. {FAMILY[f]}"


def group_code(body: str, i: int) -> tuple[str, str, str | None]:
    """(code, name, parent code) of the ``i``-th synthetic group of ``body``."""
    if body in ("ISO", "IEC"):
        tc, sub = divmod(i, 4)
        tc += 1
        top = f"ISO/TC {tc}" if body == "ISO" else f"IEC TC {tc}"
        if sub == 0:
            return top, f"Synthetic technical committee {tc}", None
        sc = f"{top}/SC {sub}" if body == "ISO" else f"IEC SC {tc}{'ABC'[sub - 1]}"
        return sc, f"Synthetic subcommittee {sc}", top
    if body == "ITU-T":
        q, sg = divmod(i, 16)
        return f"Q{q + 1}/{sg + 2}", f"Synthetic Question {q + 1}/{sg + 2}", f"SG{sg + 2}"
    series, n = ("RAN", "SA", "CT")[i % 3], i // 3 + 1
    return f"{series}{n}", f"Synthetic working group {series}{n}", series


def _member_bodies() -> dict[tuple[str, str], str]:
    """(body, country) -> current acronym (rows noted as former acronyms skipped)."""
    out: dict[tuple[str, str], str] = {}
    for mb in load_member_bodies():
        if mb.country and not mb.notes.lower().startswith("former") and not mb.valid_to:
            out.setdefault((mb.body, mb.country), mb.acronym)
    return out


def post_record(body: str, code: str, role: str, pid: int, country: str | None, mbs) -> dict:
    """The record a page of ``body`` would give for one synthetic post interval."""
    rec = {"kind": "post", "body": body, "group": code, "role_raw": ROLE_RAW[body][role],
           "person": person_name(pid), "organization": None, "country": None}  # fmt: skip
    if body in ("ISO", "IEC"):
        acronym = mbs.get((body, country)) if country else None
        if acronym:
            rec["member_body"] = acronym
            if role == "secretariat":
                rec["person"] = None  # the member body holds the secretariat
        return rec
    orgs = ORGS.get(country or "", ())
    rec["organization"] = (
        orgs[pid % len(orgs)] if orgs else f"Synthetic Research Institute {pid % 211}"
    )
    if body == "ITU-T" and country:
        rec["country"], rec["country_raw"] = country, country_name(country) or country
    if body == "3GPP" and country:
        rec["partner_org"] = PARTNERS.get(country, "ETSI")
    return rec


@dataclass(frozen=True)
class HistorySnapshot:
    """One monthly snapshot of one body, ready for ``SnapshotInput``."""

    body: str
    observed_at: dt.date
    source: str
    scope: str
    url: str
    raw: bytes
    groups: int
    posts: int

    @property
    def records(self) -> int:
        return self.groups + self.posts

    @property
    def fetched_at(self) -> dt.datetime:
        return dt.datetime.combine(self.observed_at, dt.time(6))


@dataclass
class History:
    """Per body, one item per group lifetime and per post interval: (first month index, end
    month index (exclusive), order key, JSON line).  Groups have negative order keys, so each
    snapshot lists its groups first, then its posts in synthetic id order."""

    months: list[dt.date]
    counts: dict
    items: dict[str, list[tuple[int, int, int, str]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.months) * len(self.items)

    def snapshots(self) -> Iterator[HistorySnapshot]:
        """Every snapshot in chronological order (month by month, the bodies within a month)."""
        starts: dict[str, dict[int, list]] = {}
        for body, items in self.items.items():
            starts[body] = defaultdict(list)
            for item in items:
                starts[body][item[0]].append(item)
        active: dict[str, dict[int, tuple[int, str]]] = {body: {} for body in self.items}
        for m, month in enumerate(self.months):
            for body in self.items:
                live = active[body]
                for _start, end, order, line in starts[body].get(m, ()):
                    live[order] = (end, line)
                for order in [o for o, (end, _line) in live.items() if end <= m]:
                    del live[order]
                lines = [live[o][1] for o in sorted(live)]
                n_groups = sum(1 for o in live if o < 0)
                slug = body.lower()
                yield HistorySnapshot(
                    body=body, observed_at=month, source=f"synthetic-{slug}",
                    scope=f"synthetic:{body}", url=f"https://example.org/{slug}/{month:%Y-%m}",
                    raw=("\n".join(lines) + "\n").encode("utf-8"),
                    groups=n_groups, posts=len(lines) - n_groups,
                )  # fmt: skip


def build_history(
    years: int = 10, groups: int = 5000, posts_per_group: int = 4,
    change_rate: float = 0.03, seed: int = 1,
) -> History:  # fmt: skip
    """Run ``synthetic_store.generate`` into a scratch store and turn it into snapshots."""
    from db import migrate

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'scratch.sqlite'}"
        migrate.upgrade(url)
        engine = create_engine(url)
        counts = generate(engine, years, groups, posts_per_group, change_rate, seed)
        with engine.connect() as conn:
            months = sorted(set(conn.scalars(select(Snapshot.observed_at))))
            group_body = dict(conn.execute(select(Group.id, Group.body)).all())
            versions = conn.execute(select(
                GroupVersion.group_id, GroupVersion.valid_from, GroupVersion.valid_to
            )).all()  # fmt: skip
            posts = conn.execute(select(
                Post.id, Post.group_id, Post.role, Post.country, Post.valid_from, Post.valid_to
            ).order_by(Post.id)).all()  # fmt: skip
        engine.dispose()
    index = {m: i for i, m in enumerate(months)}
    n = len(months)
    mbs = _member_bodies()
    history = History(months=months, counts=counts, items={b: [] for b in BODIES})
    codes: dict[int, str] = {}
    seen_per_body: dict[str, int] = defaultdict(int)
    for gid in sorted(group_body):
        body = group_body[gid]
        code, name, parent = group_code(body, seen_per_body[body])
        seen_per_body[body] += 1
        codes[gid] = code
        rec = {"kind": "group", "body": body, "group": code, "group_name": name,
               "status": "Active", "parent_group": parent}  # fmt: skip
        group_body[gid] = (body, json.dumps(rec, ensure_ascii=False))
    for gid, start, end in versions:
        body, line = group_body[gid]
        # groups sort before posts: negative order keys, by group id
        history.items[body].append((index[start], index[end] if end else n, gid - 10**9, line))
    for pid, gid, role, country, start, end in posts:
        body = group_body[gid][0]
        rec = post_record(body, codes[gid], role, pid, country, mbs)
        line = json.dumps(rec, ensure_ascii=False)
        history.items[body].append((index[start], index[end] if end else n, pid, line))
    return history


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--groups", type=int, default=5000)
    ap.add_argument("--posts-per-group", type=int, default=4)
    ap.add_argument("--change-rate", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="write each snapshot as DIR/<body>/<YYYY-MM>.jsonl")
    args = ap.parse_args(argv)
    history = build_history(
        args.years, args.groups, args.posts_per_group, args.change_rate, args.seed
    )
    n_snaps = n_records = 0
    for snap in history.snapshots():
        n_snaps += 1
        n_records += snap.records
        if args.out:
            path = args.out / snap.body.lower() / f"{snap.observed_at:%Y-%m}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(snap.raw)
    print(f"{n_snaps} snapshots, {n_records:,} records; synthetic store: {history.counts}")


if __name__ == "__main__":
    main()

"""The 2021 CASI study, extended: its table of Chinese officers of ITU AI focus groups beside
what the store knows now, for the same groups and for AI focus groups created since."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dashboard.queries.common import frame, iso
from db.models import Group, Person, PersonAlias, Post
from tracker.normalise.roles import LEADERSHIP_ROLES
from tracker.paths import DATASETS_DIR

CASI_CSV = DATASETS_DIR / "reference" / "monograph_itu_ai_focus_groups_2021.csv"
BODY = "ITU-T"
AI_PREFIXES = ("FG-AI", "FG-ML")  # focus groups created since match these (FG-AI4A, FG-AINN …)
STUDY_COLUMNS = [
    "group",
    "subgroup",
    "role_2021",
    "person",
    "organization",
    "country_2021",
    "as_of",
    "store_status",
    "store_group",
    "store_role",
    "store_from",
    "store_to",
    "person_id",
    "source_snapshot_id",
]
GROUP_COLUMNS = [
    "group",
    "group_id",
    "name",
    "in_2021_study",
    "cn_posts_2021",
    "posts_now",
    "cn_posts_now",
    "cn_share_now",
    "countries_now",
]


def casi_table() -> pd.DataFrame:
    """The study's rows as published (``datasets/reference``)."""
    return pd.read_csv(CASI_CSV, dtype=str, keep_default_na=False)


def name_key(name: str | None) -> str:
    """Order-free folded name: "Xu Shan", "SHAN Xu" and "Shan, Xu" give the same key."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(sorted(re.findall(r"\w+", text)))


def _in_family(codes):
    return or_(*[or_(Group.code == c, Group.code.like(f"{c}/%")) for c in codes])


def _root(code: str, roots: list[str]) -> str | None:
    return next((r for r in roots if code == r or code.startswith(f"{r}/")), None)


def study_comparison(session: Session) -> pd.DataFrame:
    """Each CASI row with the store's matching post (same person, group or its subgroups)."""
    casi = casi_table()
    roots = sorted(set(casi["group_code"]))
    known = set(
        session.scalars(select(Group.code).where(Group.body == BODY, Group.code.in_(roots)))
    )
    q = (
        select(Post, Group.code, Person.display_name)
        .join(Group, Post.group_id == Group.id)
        .join(Person, Person.id == Post.person_id)
        .where(Group.body == BODY, _in_family(roots))
    )
    by_key: dict[tuple[str, str], list] = defaultdict(list)
    rows = session.execute(q).all()
    aliases = defaultdict(set)
    for pid, raw in session.execute(
        select(PersonAlias.person_id, PersonAlias.raw).where(
            PersonAlias.person_id.in_({p.person_id for p, _c, _n in rows})
        )
    ):
        aliases[pid].add(name_key(raw))
    for post, code, display in rows:
        root = _root(code, roots)
        for key in {name_key(display), *aliases[post.person_id]}:
            by_key[(root, key)].append((post, code))
    out = []
    for r in casi.itertuples(index=False):
        matches = sorted(
            by_key.get((r.group_code, name_key(r.person)), []),
            key=lambda m: (m[0].valid_to is not None, -m[0].valid_from.toordinal()),
        )
        if matches:
            post, code = matches[0]
            status = "held now" if post.valid_to is None else "held earlier"
            store = (
                code,
                post.role,
                iso(post.valid_from),
                iso(post.valid_to),
                post.person_id,
                post.last_snapshot_id,
            )
        else:
            status = "not in store" if r.group_code in known else "group not in store"
            store = (None,) * 6
        out.append(
            (
                r.group_code,
                r.subgroup or None,
                r.role,
                r.person,
                r.organization,
                r.organization_country or None,
                r.as_of,
                status,
                *store,
            )
        )
    return frame(out, STUDY_COLUMNS)


def ai_groups_now(session: Session) -> pd.DataFrame:
    """Per AI focus group (the study's and any created since): leadership posts held now and
    how many are attributed to China, beside the study's count."""
    casi = casi_table()
    study_roots = set(casi["group_code"])
    casi_cn = Counter(
        r.group_code for r in casi.itertuples(index=False) if r.organization_country == "CN"
    )
    newer = session.execute(
        select(Group.code, Group.id, Group.name).where(
            Group.body == BODY,
            Group.code.not_like("%/%"),
            or_(*[Group.code.like(f"{p}%") for p in AI_PREFIXES]),
        )
    ).all()
    info = {
        code: (gid, name)
        for code, gid, name in session.execute(
            select(Group.code, Group.id, Group.name).where(
                Group.body == BODY, Group.code.in_(study_roots)
            )
        )
    }
    info.update({code: (gid, name) for code, gid, name in newer})
    roots = sorted(study_roots | set(info))
    held = session.execute(
        select(Group.code, Post.country)
        .join(Group, Post.group_id == Group.id)
        .where(
            Group.body == BODY,
            _in_family(roots),
            Post.valid_to.is_(None),
            Post.role.in_(LEADERSHIP_ROLES),
        )
    ).all()
    now: dict[str, Counter] = defaultdict(Counter)
    for code, country in held:
        now[_root(code, roots)][country or "unattributed"] += 1
    out = []
    for root in roots:
        gid, name = info.get(root, (None, None))
        counts = now.get(root, Counter())
        total, cn = sum(counts.values()), counts.get("CN", 0)
        out.append(
            (
                root,
                gid,
                name,
                root in study_roots,
                casi_cn.get(root, 0),
                total,
                cn,
                round(cn / total, 4) if total else None,
                ", ".join(
                    f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                ),
            )
        )
    return frame(out, GROUP_COLUMNS)

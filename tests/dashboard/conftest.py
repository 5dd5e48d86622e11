"""Dashboard test fixtures: a small hand-made store (``world``), the bundled-data store for the
browser tests (``demo_store``), and headless Chromium for ``dash_duo``."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from tests.dashboard.builders import StoreBuilder

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_configure(config):
    # dash[testing] needs --headless on machines without a display (CI, containers).
    if hasattr(config.option, "headless"):
        config.option.headless = True


@pytest.fixture
def world(session):
    """ITU-T focus groups, an ISO JTC 1 subtree, people across bodies, events, documents and a
    failed snapshot: every page has something to show."""
    b = StoreBuilder(session)
    s1 = b.snapshot(
        "2025-06-01",
        source="itu-fg",
        url="https://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx",
        raw=gzip.compress(b"<p>Co-chair: Mr <b>SHAN Xu</b>, CAICT</p>"),
    )
    s2 = b.snapshot("2025-07-01", source="itu-fg", url="file:///data/itu/fg-2025-07-01.html")
    b.snapshot(
        "2025-07-08", source="itu-fg", status="failed", reason="ErrorPage: 503 Service Unavailable"
    )
    b.run("itu-fg", "failed", items=0, reason="1 snapshot failed")
    fg = b.group("FG-AI4H", name="Focus Group on AI for Health")
    wg = b.group("FG-AI4H/WG1", parent=fg)
    an = b.group("FG-AN", name="Focus Group on Autonomous Networks")
    an_wg = b.group("FG-AN/WG1", parent=an)
    ainn = b.group("FG-AINN", name="Focus Group on AI Native Networks")
    sg13 = b.group("SG13", name="Future networks")
    jtc1 = b.group("ISO/IEC JTC 1", body="ISO", name="Information technology")
    sc42 = b.group("ISO/IEC JTC 1/SC 42", body="ISO", name="Artificial intelligence", parent=jtc1)
    tgpp = b.group("RAN1", body="3GPP", name="Study on AI/ML for NR air interface")
    xu, liu, ana = b.person("SHAN Xu"), b.person("Liu Yongsheng"), b.person("Ana Gomez")
    b.alias(xu, "Mr Xu Shan")
    b.post(fg, "co_chair", "CN", "2025-06-01", person=xu, organization="CAICT", snapshot=s1)
    b.post(wg, "wg_chair", "US", "2025-06-01", holder="Jane Roe", snapshot=s1)
    b.post(an_wg, "wg_chair", "CN", "2025-06-01", "2025-07-01", person=liu, snapshot=s1)
    b.post(ainn, "chair", "ES", "2025-07-01", person=ana, organization="Acme Labs", snapshot=s2)
    b.post(sc42, "convenor", "ES", "2025-06-01", person=ana, basis="member_body", snapshot=s1)
    b.post(sc42, "secretariat", "US", "2025-06-01", basis="member_body", holder="ANSI", snapshot=s1)
    b.post(sg13, "chair", None, "2025-06-01", holder="Unknown Person", snapshot=s1)
    b.post(tgpp, "chair", "KR", "2025-06-01", holder="Kim Lee", snapshot=s1)
    b.event("appointment", ainn, s2, s1, role="chair", holder="Ana Gomez", country="ES")
    b.event("departure", an_wg, s2, s1, role="wg_chair", holder="Liu Yongsheng", country="CN")
    b.event("group_renamed", sg13, s2, s1)
    cmcc = b.organization("China Mobile", "CN")
    b.document(
        sg13, "C-0001", "T25-SG13-250701", [("China Mobile", "CN"), ("ZTE", "CN")], s2, org=cmcc
    )
    b.document(sg13, "C-0002", "T25-SG13-250701", [("Orange", "FR")], s2)
    b.document(sg13, "C-0003", "T25-SG13-250701", [("Orange", "FR")], s2, countable=False)
    b.commit()
    return {
        "fg": fg,
        "wg": wg,
        "an": an,
        "ainn": ainn,
        "sg13": sg13,
        "jtc1": jtc1,
        "sc42": sc42,
        "tgpp": tgpp,
        "xu": xu,
        "liu": liu,
        "ana": ana,
        "s1": s1,
        "s2": s2,
    }


# -- the browser tests' store: bundled ISO data plus ITU-like posts through the importer ----------

ITU_RECORDS = {
    "2025-06-12": [
        ("FG-AI4H", "Chair", "Xu Shan", "CAICT", "CN"),
        ("FG-AI4H", "Vice-chair", "Jane Roe", "Example Health Institute", "US"),
        ("FG-AN", "Vice-chair", "Cao Xi", "China Mobile", "CN"),
    ],
    "2025-07-16": [
        ("FG-AI4H", "Chair", "Xu Shan", "CAICT", "CN"),
        ("FG-AI4H", "Vice-chair", "Maria Rossi", "Example Telecom Italia Lab", "IT"),
        ("FG-AN", "Vice-chair", "Cao Xi", "China Mobile", "CN"),
        ("FG-AINN", "Chair", "Ana Gomez", None, "ES"),
    ],
}
ITU_URL = "https://www.itu.int/en/ITU-T/focusgroups/Pages/default.aspx"


def itu_snapshot_bytes(day: str) -> bytes:
    lines = [
        json.dumps(
            {
                "kind": "post",
                "body": "ITU-T",
                "group": g,
                "role_raw": role,
                "person": person,
                "organization": org,
                "country": country,
                "source_url": ITU_URL,
            }
        )
        for g, role, person, org, country in ITU_RECORDS[day]
    ]
    return ("\n".join(lines) + "\n").encode()


def load_demo_store(cli, url: str) -> None:
    """The ten ISO Open Data snapshots (via the CLI) and two ITU-like roster snapshots."""
    from db.session import session_scope
    from tests.conftest import ISO_DATES, iso_snapshot
    from tracker.ingest import Importer, SnapshotInput

    cli("ingest", "iso-open-data", *[iso_snapshot(d) for d in ISO_DATES])
    for day in ITU_RECORDS:
        when = dt.date.fromisoformat(day)
        with session_scope(url) as session:
            result = Importer(session).ingest(
                SnapshotInput(
                    source="itu-fg-test",
                    scope="itu-fg-test",
                    url=ITU_URL,
                    raw=itu_snapshot_bytes(day),
                    parser="records-jsonl",
                    observed_at=when,
                    fetched_at=dt.datetime.combine(when, dt.time(9, 15)),
                )
            )
        assert result.status == "applied", result


@pytest.fixture
def demo_store(cli, db_url):
    load_demo_store(cli, db_url)
    return db_url


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

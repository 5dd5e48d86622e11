"""The dashboard in headless Chromium (dash[testing] ``dash_duo``), over the bundled ISO data plus
ITU-like posts.  Run with ``pytest -m browser``; screenshots go to ``artifacts/screenshots/``."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import select

from dashboard.app import create_app
from dashboard.params import ShareParams
from dashboard.queries.share import share_frame
from db.models import Group, Person, Snapshot
from tests.dashboard.conftest import ITU_URL

pytestmark = pytest.mark.browser


def _until(check, timeout=15.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _trace_names(duo):
    return duo.driver.execute_script(
        "var g = document.querySelector('#share-graph .js-plotly-plot');"
        "return g && g.data ? g.data.map(function (t) { return t.name; }) : null;"
    )


def _start(duo, url):
    duo.start_server(create_app(url))
    duo.driver.set_window_size(1400, 1100)


def _visit(duo, path, ready_css, shots: Path | None = None, name: str | None = None):
    duo.wait_for_page(url=duo.server_url + path, timeout=20)
    duo.wait_for_element(ready_css, timeout=20)
    _until(
        lambda: (
            not duo.driver.find_elements(
                By.CSS_SELECTOR, "._dash-loading, [data-dash-is-loading='true']"
            )
        ),
        what=f"{path} to finish loading",
    )
    if shots is not None:
        duo.driver.save_screenshot(str(shots / f"{name}.png"))
    logs = duo.get_logs()
    assert logs == [], f"{path}: {logs}"


def test_every_page_loads_without_console_errors(dash_duo, demo_store, session, screenshot_dir):
    sc42 = session.scalar(select(Group.id).where(Group.code == "ISO/IEC JTC 1/SC 42"))
    xu = session.scalar(select(Person.id).where(Person.display_name.like("%Shan%")))
    snap = session.scalar(select(Snapshot.id).where(Snapshot.url == ITU_URL).order_by(Snapshot.id))
    _start(dash_duo, demo_store)
    pages = [
        ("/", "#share-graph .main-svg", "share"),
        ("/posts?body=ITU-T&date=2025-07-16&country=CN", "#posts-table", "posts"),
        ("/events?body=ISO", "#events-facts", "events"),
        ("/group", "#group-results", "group-search"),
        (f"/group?id={sc42}", "#group-officers", "group"),
        ("/person?q=shan", "#person-results", "person-search"),
        (f"/person?id={xu}", "#person-posts", "person"),
        ("/ai-study", "#study-graph .main-svg", "ai-study"),
        ("/proposals", "#proposals-empty", "proposals"),
        ("/quality", "#quality-coverage", "quality"),
        (f"/snapshot?id={snap}", "#snapshot-preview", "snapshot"),
    ]
    for path, ready, name in pages:
        _visit(dash_duo, path, ready, screenshot_dir, name)
    assert len(list(screenshot_dir.glob("*.png"))) >= len(pages)


def test_changing_a_filter_changes_the_chart_and_the_url(dash_duo, demo_store):
    _start(dash_duo, demo_store)
    _visit(dash_duo, "/?body=ISO", "#share-graph .main-svg")
    before = _until(lambda: _trace_names(dash_duo), what="traces")
    assert before[-2:] == ["Other countries", "Unattributed"] and len(before) == 10
    top = dash_duo.find_element("#share-top")
    top.send_keys(Keys.CONTROL, "a")
    top.send_keys("3", Keys.ENTER)
    after = _until(
        lambda: (n := _trace_names(dash_duo)) and len(n) == 5 and n, what="chart with top 3"
    )
    assert after[:3] == before[:3] and after[3:] == ["Other countries", "Unattributed"]
    assert "top=3" in dash_duo.driver.current_url and "body=ISO" in dash_duo.driver.current_url
    dash_duo.select_dcc_dropdown("#share-body", value="ITU-T")
    itu = _until(
        lambda: (n := _trace_names(dash_duo)) and "China" in n and "Germany" not in n and n,
        what="chart for ITU-T",
    )
    assert "Unattributed" in itu and "body=ITU-T" in dash_duo.driver.current_url
    # the URL alone restores the view
    _visit(dash_duo, "/" + dash_duo.driver.current_url.split("/", 3)[3], "#share-graph .main-svg")
    assert _until(lambda: _trace_names(dash_duo), what="traces") == itu
    assert dash_duo.get_logs() == []


def test_click_through_to_a_source_snapshot(dash_duo, demo_store, screenshot_dir):
    _start(dash_duo, demo_store)
    _visit(dash_duo, "/?body=ITU-T", "#share-table")
    first_cell = dash_duo.find_element('#share-table td[data-dash-column="country"]')
    assert first_cell.text == "CN"
    first_cell.click()
    dash_duo.wait_for_element("#share-drill-table", timeout=15)
    drill = dash_duo.find_element("#share-drill-table").text
    assert "FG-AI4H" in drill and "FG-AN" in drill
    dash_duo.find_element("#share-drill-table a.source-link").click()
    dash_duo.wait_for_element("#snapshot-info", timeout=15)
    info = dash_duo.find_element("#snapshot-info").text
    assert (
        ITU_URL in info and "Retrieved at 2025-07-16 09:15:00" in info
    )  # the latest page showing it
    assert dash_duo.find_element("#snapshot-info a").get_attribute("href") == ITU_URL
    assert (
        '"kind": "post"' in dash_duo.find_element("#snapshot-preview").text
    )  # raw text, not rendered
    dash_duo.driver.save_screenshot(str(screenshot_dir / "source-snapshot.png"))
    assert dash_duo.get_logs() == []


def test_downloaded_csv_matches_the_store(dash_duo, demo_store, session):
    _start(dash_duo, demo_store)
    query = "body=ISO&roles=secretariat&top=4&freq=W-MON"
    _visit(dash_duo, f"/?{query}", "#share-graph .main-svg")
    link = dash_duo.find_element("#share-csv")
    href = urlsplit(link.get_attribute("href"))
    assert href.path == "/download/share.csv" and parse_qs(href.query) == parse_qs(query)
    link.click()
    target = Path(dash_duo.download_path) / "share.csv"
    _until(lambda: target.exists() and target.stat().st_size > 0, what="share.csv download")
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    expected = share_frame(
        session, ShareParams(body="ISO", roles=("secretariat",), top=4, freq="W-MON")
    )
    assert [(r["date"], r["country"], int(r["posts"]), float(r["share"])) for r in rows] == [
        (d.strftime("%Y-%m-%d"), c, int(p), float(s))
        for d, c, p, s in expected[["date", "country", "posts", "share"]].itertuples(index=False)
    ]
    countries = {r["country"] for r in rows}
    assert countries == {"DE", "US", "CN", "JP", "other", "unattributed", "vacant"}
    assert dash_duo.get_logs() == []

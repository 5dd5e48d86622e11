"""Live crawling against local HTTP servers: robots.txt, back-off, request spacing, redirects.

Each test runs the real crawler (``python -m crawlers.run`` in a subprocess, as
``tracker.crawl`` does) against :class:`Site` on 127.0.0.x, which logs when each path was
requested.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import select

from db.models import Snapshot
from tests.conftest import FIXTURES, ROOT

ISO_PAGES = FIXTURES / "iso" / "iso_committee"


class Site:
    """``with Site(routes, host) as base:`` serves ``routes`` ({path: (status, headers, body)}
    or a callable returning that); every request is logged in ``hits`` as (time, path)."""

    def __init__(self, routes: dict, host: str = "127.0.0.1"):
        self.routes, self.host = routes, host
        self.hits: list[tuple[float, str]] = []

    def times(self, path: str) -> list[float]:
        return [t for t, p in self.hits if p == path]

    def __enter__(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.hits.append((time.monotonic(), self.path))
                route = site.routes.get(self.path, (404, {}, b""))
                status, headers, body = route() if callable(route) else route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((self.host, 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def page(text: str = "ok") -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "text/html"}, f"<html><body>{text}</body></html>".encode()


def crawl(tmp_path, spider: str, urls: list[str], *settings: str) -> list[dict]:
    """Run ``spider`` on ``urls`` with ``settings`` (``KEY=VALUE``); the snapshot lines."""
    out = tmp_path / "run"
    cmd = [
        sys.executable,
        "-m",
        "crawlers.run",
        spider,
        "--out",
        str(out),
        "-a",
        "start_urls=" + "\n".join(urls),
        "-s",
        "HTTPCACHE_ENABLED=0",
    ]
    for kv in settings:
        cmd += ["-s", kv]
    env = dict(os.environ, PYTHONPATH=str(ROOT), SSO_HTTPCACHE="0")
    subprocess.run(
        cmd,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = out / "snapshots.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_robots_txt_is_obeyed_by_every_request_waiting_for_it(tmp_path):
    """Several requests wait while robots.txt downloads: every one must get its rules."""

    def slow_robots():
        time.sleep(0.5)
        return 200, {"Content-Type": "text/plain"}, b"User-agent: sso-tracker\nDisallow: /private\n"

    paths = ["/ok1", "/private1", "/private2", "/private3", "/ok2", "/ok3"]
    site = Site({"/robots.txt": slow_robots, **{p: page(p) for p in paths}})
    with site as base:
        items = crawl(tmp_path, "records_feed", [base + p for p in paths], "DOWNLOAD_DELAY=0")
    fetched = [p for _, p in site.hits]
    assert [p for p in fetched if p.startswith("/private")] == []
    assert sorted(p for p in fetched if p.startswith("/ok")) == ["/ok1", "/ok2", "/ok3"]
    # the forbidden pages are recorded as failed snapshots, not silently dropped
    errors = {i["url"].removeprefix(base): i.get("error") for i in items}
    assert all("robots.txt" in errors[f"/private{n}"] for n in (1, 2, 3))


def test_retries_back_off_per_host_and_honour_retry_after(tmp_path):
    busy = Site({"/busy": (429, {"Retry-After": "1"}, b"slow down")}, "127.0.0.1")
    down = Site({"/down": (503, {}, b"busy")}, "127.0.0.2")
    capped = Site({"/capped": (429, {"Retry-After": "3600"}, b"slow down")}, "127.0.0.3")
    with busy as a, down as b, capped as c:
        items = crawl(
            tmp_path,
            "records_feed",
            [a + "/busy", b + "/down", c + "/capped"],
            "DOWNLOAD_DELAY=0",
            "AUTOTHROTTLE_START_DELAY=0",
            "RETRY_TIMES=3",
            "BACKOFF_BASE_DELAY=0.2",
            "BACKOFF_MAX_DELAY=1.5",
        )
    busy_gaps, down_gaps, capped_gaps = (
        gaps(s.times(p)) for s, p in ((busy, "/busy"), (down, "/down"), (capped, "/capped"))
    )
    assert len(busy_gaps) == len(down_gaps) == len(capped_gaps) == 3  # 1 request + 3 retries
    # Retry-After: 1 is honoured
    assert all(g >= 0.95 for g in busy_gaps), busy_gaps
    # no Retry-After: exponential, 0.2 s, 0.4 s, 0.8 s
    assert [g >= 0.95 * w for g, w in zip(down_gaps, (0.2, 0.4, 0.8), strict=True)] == [True] * 3
    assert down_gaps[0] < down_gaps[1] < down_gaps[2], down_gaps
    # Retry-After: 3600 is capped at BACKOFF_MAX_DELAY
    assert all(1.4 <= g < 3 for g in capped_gaps), capped_gaps
    # one host's back-off does not hold up another's retries
    assert sum(down_gaps) < 2.5, down_gaps
    assert {i["http_status"] for i in items} == {429, 503}


def test_a_host_on_hold_does_not_hold_up_other_hosts(tmp_path):
    """Requests waiting for a held host must not fill the downloader (CONCURRENT_REQUESTS):
    the other host's pages are all fetched long before the hold ends."""
    answers = iter([(429, {"Retry-After": "3"}, b"slow down")])  # the first answer only

    def held(path):
        return lambda: next(answers, None) or page(path)

    apaths, bpaths = [f"/a{n}" for n in range(6)], [f"/b{n}" for n in range(8)]
    a_site = Site({p: held(p) for p in apaths}, "127.0.0.1")
    b_site = Site({p: page(p) for p in bpaths}, "127.0.0.2")
    with a_site as a, b_site as b:
        items = crawl(
            tmp_path,
            "records_feed",
            [a + p for p in apaths] + [b + p for p in bpaths],
            "DOWNLOAD_DELAY=0",
            "AUTOTHROTTLE_START_DELAY=0",
            "RETRY_TIMES=1",
            "CONCURRENT_REQUESTS=4",
        )
    a_pages = [(t, p) for t, p in a_site.hits if p != "/robots.txt"]
    b_pages = [(t, p) for t, p in b_site.hits if p != "/robots.txt"]
    held_at = a_pages[0][0]  # the 429
    assert sorted(p for _, p in b_pages) == bpaths
    assert max(t for t, _ in b_pages) - held_at < 1.5, (held_at, b_pages)
    # the held host itself got nothing until its Retry-After had passed, then the retry
    assert sorted(p for _, p in a_pages[1:]) == apaths
    assert min(t for t, _ in a_pages[1:]) - held_at >= 2.9, a_pages
    assert sorted((i["url"], i["http_status"]) for i in items) == sorted(
        [(a + p, 200) for p in apaths] + [(b + p, 200) for p in bpaths]
    )


def test_retry_after_in_seconds_or_as_a_date():
    from crawlers.middlewares import retry_after_seconds

    now = 1_750_000_000.0  # 2025-06-15 15:06:40 UTC
    assert retry_after_seconds(b"20") == 20.0
    assert retry_after_seconds(b"Sun, 15 Jun 2025 15:07:10 GMT", now=now) == 30.0
    assert retry_after_seconds("Sun, 15 Jun 2025 15:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None


def test_requests_to_a_host_are_at_least_the_download_delay_apart(tmp_path):
    paths = [f"/p{n}" for n in range(8)]
    site = Site({p: page(p) for p in paths})
    with site as base:
        crawl(
            tmp_path,
            "records_feed",
            [base + p for p in paths],
            "DOWNLOAD_DELAY=0.3",
            "AUTOTHROTTLE_START_DELAY=0.3",
        )
    times = [t for t, _ in site.hits]
    assert len(times) == 9  # robots.txt and the pages
    assert min(gaps(times)) >= 0.3 - 0.02, gaps(times)


def _iso_site() -> Site:
    def moved(to: str):
        return 301, {"Location": to}, b""

    html = {"Content-Type": "text/html; charset=utf-8"}
    return Site(
        {
            "/committee/46506.html": moved("/committee/46202.html"),  # another committee's page
            "/committee/1111.html": moved("/sorry.html"),  # an error page
            "/committee/47000.html": moved("/committee/47000.html?lang=en"),  # the same page
            "/committee/46202.html": (
                200,
                html,
                (ISO_PAGES / "tc12_chair_until_2027.html").read_bytes(),
            ),
            "/committee/47000.html?lang=en": (
                200,
                html,
                (ISO_PAGES / "tc176_chair_elect.html").read_bytes(),
            ),
            "/sorry.html": (200, html, (ISO_PAGES / "error_404.html").read_bytes()),
        }
    )


def test_a_redirected_page_keeps_its_scope_or_fails(cli, session, tmp_path, monkeypatch):
    monkeypatch.setenv("SSO_DOWNLOAD_DELAY", "0")
    monkeypatch.setenv("SSO_HTTPCACHE", "0")
    site = _iso_site()
    with site as base:
        urls = [f"{base}/committee/{i}.html" for i in (46506, 46202, 1111, 47000)]
        result = cli("crawl", "iso_committees", *[a for u in urls for a in ("--url", u)], ok=False)
    assert result.exit_code == 3
    snaps = {s.scope: s for s in session.scalars(select(Snapshot))}
    assert sorted(snaps) == [
        "iso-committee:1111",
        "iso-committee:46202",
        "iso-committee:46506",
        "iso-committee:47000",
    ]
    # a redirect to another page is a failure of the requested page, never a silent drop
    for cid, target in (("46506", "/committee/46202.html"), ("1111", "/sorry.html")):
        snap = snaps[f"iso-committee:{cid}"]
        assert snap.url == f"{base}/committee/{cid}.html" and snap.status == "failed"
        assert f"redirected to {base}{target}" in snap.reason
    assert snaps["iso-committee:46202"].status == "applied"
    # a redirect within the same scope is the same page: stored under the requested URL
    assert snaps["iso-committee:47000"].url == f"{base}/committee/47000.html"
    assert snaps["iso-committee:47000"].status == "applied"
    run_dir = next((tmp_path / "data" / "runs").iterdir())
    lines = [json.loads(line) for line in (run_dir / "snapshots.jsonl").read_text().splitlines()]
    moved = next(line for line in lines if line["scope"] == "iso-committee:47000")
    assert moved["final_url"] == f"{base}/committee/47000.html?lang=en"


def test_same_page_up_to_scheme_www_trailing_slash_and_added_parameters():
    from crawlers.spiders.base import same_page

    page_url = "http://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=en"
    for final in (
        page_url,
        "https://WWW.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=en",
        "https://itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx/?lang=en",
        "http://www.itu.int:80/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?sid=1&lang=en",
    ):
        assert same_page(page_url, final), final
    for final in (
        "http://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/other.aspx?lang=en",  # another page
        "http://www.itu.int/en/ITU-T/focusgroups/AI4H/Pages/default.aspx?lang=en",  # path case
        "http://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx",  # parameter dropped
        "http://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=fr",  # changed
        "http://sso.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=en",  # other host
        "http://www.itu.int:8080/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=en",
        "ftp://www.itu.int/en/ITU-T/focusgroups/ai4h/Pages/default.aspx?lang=en",
    ):
        assert not same_page(page_url, final), final
    assert same_page(
        "https://www.iso.org/committee/47000.html",
        "https://www.iso.org/committee/47000.html?lang=en",
    )
    assert not same_page(
        "https://www.iso.org/committee/46506.html", "https://www.iso.org/committee/46202.html"
    )
    assert not same_page(
        "https://www.iso.org/committee/1111.html", "https://www.iso.org/sorry.html"
    )


def test_a_redirect_to_the_same_url_with_a_parameter_is_the_page_when_the_scope_is_the_url(
    tmp_path,
):
    """itu_fg's scope is the page's URL: ``default.aspx`` -> ``default.aspx?sid=1`` is still
    that focus group's page, and another page is still a failure."""
    fg = "/en/ITU-T/focusgroups/ai4h/Pages/default.aspx"
    html = {"Content-Type": "text/html; charset=utf-8"}
    body = (FIXTURES / "itu" / "itu_fg" / "ai4h_default.html").read_bytes()
    moved = "/en/ITU-T/focusgroups/moved/Pages/default.aspx"
    site = Site(
        {
            fg: (301, {"Location": fg + "?sid=1"}, b""),
            fg + "?sid=1": (200, html, body),
            moved: (301, {"Location": "/en/ITU-T/focusgroups/Pages/default.aspx"}, b""),
            "/en/ITU-T/focusgroups/Pages/default.aspx": (200, html, body),
        }
    )
    with site as base:
        items = crawl(tmp_path, "itu_fg", [base + fg, base + moved], "DOWNLOAD_DELAY=0")
    by_url = {i["url"]: i for i in items}
    assert sorted(by_url) == sorted([base + fg, base + moved])
    same = by_url[base + fg]
    assert same["scope"] == f"itu-fg:{base}{fg}" and same["http_status"] == 200
    assert "error" not in same and same["final_url"] == f"{base}{fg}?sid=1"
    other = by_url[base + moved]
    assert other["error"].startswith(f"redirected to {base}/en/ITU-T/focusgroups/Pages/")

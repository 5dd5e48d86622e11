"""Replay: serve saved pages from a local HTTP server and route a real crawl through it.

A replay directory holds ``manifest.json``: ``{"pages": [{"url": ORIGINAL_URL, "file":
"relative/path", "status": 200, "content_type": "text/html"}, …]}``.  The server answers
``/fetch?url=ORIGINAL_URL`` with that file (404 when the URL is not in the manifest, which
robots.txt treats as "allow everything").  :class:`ReplayMiddleware` rewrites every request
of a crawl to the server and gives the response back its original URL, so spiders, paging,
retries and pipelines run exactly as live.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit


def load_manifest(directory: Path) -> dict[str, dict]:
    data = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return {page["url"]: page for page in data["pages"]}


class ReplayServer:
    """``with ReplayServer(dir) as base_url: …`` serves a replay directory on 127.0.0.1."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self.pages = load_manifest(self.directory)
        self.hits: list[str] = []
        self._fail_counts: dict[str, int] = {}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                query = parse_qs(urlsplit(self.path).query)
                url = (query.get("url") or [""])[0]
                server.hits.append(url)
                page = server.pages.get(url)
                if page is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                # "fail_first": answer 503 that many times before the page (tests back-off).
                fails = server._fail_counts.get(url, 0)
                if fails < int(page.get("fail_first", 0)):
                    server._fail_counts[url] = fails + 1
                    self.send_response(503)
                    self.end_headers()
                    return
                body = (server.directory / page["file"]).read_bytes()
                self.send_response(int(page.get("status", 200)))
                self.send_header(
                    "Content-Type", page.get("content_type", "text/html; charset=utf-8")
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self) -> str:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ReplayMiddleware:
    """Downloader middleware: active only when the ``SSO_REPLAY_URL`` setting is set."""

    def __init__(self, base: str | None):
        self.base = base.rstrip("/") if base else None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("SSO_REPLAY_URL"))

    def process_request(self, request, spider=None):
        if not self.base or request.meta.get("original_url"):
            return None
        original = request.url
        local = f"{self.base}/fetch?url={quote(original, safe='')}"
        request.meta["original_url"] = original
        return request.replace(url=local)

    def process_response(self, request, response, spider=None):
        original = request.meta.get("original_url")
        if self.base and original:
            return response.replace(url=original)
        return response

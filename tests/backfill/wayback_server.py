"""A stand-in Wayback Machine on 127.0.0.1: recorded CDX pages, capture bytes, robots.txt.

``/cdx/search/cdx?url=U[&resumeKey=K]`` answers the recorded page for (U, K) (``[]`` when
none is recorded: no captures); ``/web/{timestamp}id_/{original}`` answers the capture's
bytes.  ``fail`` makes a route answer 503 that many times first (``"cdx:"+U``,
``"web:"+timestamp``); ``cut`` makes a capture's answer stop after 26 bytes of the length it
announces that many times first (``timestamp``); every request is logged in ``hits`` with
its User-Agent.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.conftest import FIXTURES

WAYBACK_FIXTURES = FIXTURES / "wayback"
_WEB = re.compile(r"^/web/(\d{14})id_/(.+)$", re.S)


@dataclass
class Hit:
    kind: str  # robots | cdx | web | other
    path: str
    params: dict[str, str]
    user_agent: str
    status: int


class FakeWayback:
    """``with FakeWayback(cdx=…, captures=…) as base:`` serves until the block ends."""

    def __init__(
        self,
        cdx: dict[tuple[str, str | None], bytes | Path],
        captures: dict[tuple[str, str], bytes | Path],
        robots: bytes | None = None,
        fail: dict[str, int] | None = None,
        cut: dict[str, int] | None = None,
    ):
        self.cdx = cdx
        self.captures = captures
        self.robots = robots
        self.fail = dict(fail or {})
        self.fail.update({f"cut:{ts}": n for ts, n in (cut or {}).items()})
        self.hits: list[Hit] = []

    def of(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.kind == kind]

    def _answer(self, path: str) -> tuple[str, dict[str, str], int, bytes]:
        parts = urlsplit(path)
        if parts.path == "/robots.txt":
            return "robots", {}, (200, self.robots) if self.robots is not None else (404, b"")
        if parts.path == "/cdx/search/cdx":
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if self._failing(f"cdx:{params.get('url')}"):
                return "cdx", params, (503, b"busy")
            body = self.cdx.get((params.get("url", ""), params.get("resumeKey")), b"[]")
            return "cdx", params, (200, _bytes(body))
        m = _WEB.match(path)
        if m:
            ts, original = m.groups()
            if self._failing(f"web:{ts}"):
                return "web", {"timestamp": ts, "url": original}, (503, b"busy")
            body = self.captures.get((ts, original))
            answer = (404, b"not in archive") if body is None else (200, _bytes(body))
            return "web", {"timestamp": ts, "url": original}, answer
        return "other", {}, (404, b"")

    def _failing(self, route: str) -> bool:
        left = self.fail.get(route, 0)
        if left > 0:
            self.fail[route] = left - 1
            return True
        return False

    def __enter__(self) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                kind, params, (status, body) = server._answer(self.path)
                server.hits.append(
                    Hit(kind, self.path, params, self.headers.get("User-Agent", ""), status)
                )
                cut = status == 200 and server._failing(f"cut:{params.get('timestamp')}")
                self.send_response(status)
                self.send_header(
                    "Content-Type", "application/json" if kind == "cdx" else "text/plain"
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:26] if cut else body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _bytes(body: bytes | Path) -> bytes:
    return body if isinstance(body, bytes) else Path(body).read_bytes()

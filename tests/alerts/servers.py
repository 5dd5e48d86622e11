"""Real receivers on loopback for alert tests: an SMTP server (aiosmtpd, optionally with
STARTTLS and AUTH) and an HTTP webhook receiver; plus scenario helpers (config dirs, feeds)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import json
import shutil
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import ROOT
from tests.helpers import replay_dir

FEED_URL = "https://feeds.example.org/fg-ex/officers.jsonl"
SCOPE = "test-scope"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class SmtpSink:
    """aiosmtpd on 127.0.0.1; ``messages`` are the parsed e-mails received."""

    def __init__(
        self,
        port: int | None = None,
        tls: tuple[Path, Path] | None = None,
        login: tuple[str, str] | None = None,
    ):
        self.port = port or free_port()
        self.messages: list[email.message.Message] = []
        self.logins: list[str] = []
        self.tls, self.login = tls, login
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def _auth(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        ok = (
            self.login is not None
            and (auth_data.login.decode(), auth_data.password.decode()) == self.login
        )
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        kwargs = {}
        if self.tls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(*self.tls)
            kwargs.update(tls_context=ctx, require_starttls=True)
        if self.login:
            kwargs.update(
                authenticator=self._auth, auth_required=True, auth_require_tls=bool(self.tls)
            )
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


class WebhookSink:
    """An HTTP server on 127.0.0.1 recording every POSTed JSON body; ``fail`` makes the next
    N requests answer 500."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.calls: list[dict] = []
        self.fail = 0
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if sink.fail > 0:
                    sink.fail -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                sink.calls.append(
                    {
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "json": json.loads(body),
                    }
                )
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> WebhookSink:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- scenario ---------------------------------------------------------------------------
# A fictitious ITU-T focus group and fictitious people: the tests need a leadership change
# between two crawls, which no real roster should be made to say.
def person(role: str, role_raw: str, name: str, org: str, country: str) -> dict:
    return {
        "kind": "post",
        "body": "ITU-T",
        "group": "FG-EX",
        "group_name": "Focus Group on Example Technologies (fictitious)",
        "role": role,
        "role_raw": role_raw,
        "person": name,
        "organization": org,
        "country": country,
        "country_raw": country,
    }


BECKER = person("chair", "Chairman", "Hans Becker", "Example GmbH", "DE")
CARTER = person("vice_chair", "Vice-chairman", "Emily Carter", "Example Networks Inc.", "US")
WANG = person("vice_chair", "Vice-chairman", "Wang Fang", "Example Telecom Co.", "CN")
LI = person("chair", "Chairman", "Li Ming", "Example Telecom Co.", "CN")
OTHERS = [  # enough officers that one leaving stays above the suspect threshold (0.8)
    person("vice_chair", "Vice-chairman", "Amina Diallo", "Example Telecom Authority", "SN"),
    person("vice_chair", "Vice-chairman", "Kenji Sato", "Example Labs K.K.", "JP"),
    person("vice_chair", "Vice-chairman", "Rafael Ortiz", "Example Telecom S.A.", "BR"),
]
BEFORE = [BECKER, CARTER, WANG, *OTHERS]  # crawl 1
CN_CHAIR = [LI, CARTER, WANG, *OTHERS]  # crawl 2: a CN national becomes chair (Becker leaves)
US_VC_GONE = [BECKER, WANG, *OTHERS]  # crawl 2': the US vice-chair has left


def feed(records: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def feed_dir(tmp_path: Path, name: str, records: list[dict]) -> Path:
    return replay_dir(
        tmp_path,
        name,
        {FEED_URL: feed(records)},
        extra={FEED_URL: {"content_type": "application/jsonl"}},
    )


ALERTS_TOML = """
[delivery]
retry_base_seconds = 1
retry_max_seconds = 4
lease_seconds = {lease}
timeout_seconds = 5
interval_seconds = {interval}

[source_health]
after_failures = 3
channels = ["email"]
max_retries = 5
retry_base_seconds = 1
retry_max_seconds = 8

[channels.email]
type = "smtp"
to = ["analysts@example.org"]
from = "tracker@example.org"

[channels.hook]
type = "webhook"
url_env = "SSO_WEBHOOK_URL"
format = "{fmt}"

[channels.feed]
type = "atom"

[[rules]]
name = "watch"
events = {events}
channels = ["email", "hook", "feed"]
digest = "{digest}"
{extra}
"""


def write_alerts(
    config_dir: Path,
    events=("appointment", "secretariat_transfer", "chair_elect"),
    digest="none",
    fmt="json",
    extra="",
    interval=300,
    lease=30,
) -> Path:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "alerts.toml").write_text(
        ALERTS_TOML.format(
            events=json.dumps(list(events)),
            digest=digest,
            fmt=fmt,
            extra=extra,
            interval=interval,
            lease=lease,
        )
    )
    return config_dir


def config_copy(tmp_path: Path, sources: str = "", **alerts) -> Path:
    """The project's config directory (lookups, thresholds) with test sources and alerts."""
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    (target / "sources.toml").write_text(sources)
    return write_alerts(target, **alerts)


def source_toml(name: str, replay: Path, schedule: str = "every 1s", lease: float = 5) -> str:
    """A sources.toml table crawling the test feed from a replay directory."""
    return (
        f'[{name}]\nbody = "ITU-T"\nparser = "records-jsonl"\nspider = "records_feed"\n'
        f'urls = ["{FEED_URL}"]\nspider_args = {{ scope = "{SCOPE}" }}\n'
        f'replay_dir = "{replay}"\nschedule = "{schedule}"\nlock_lease = {lease}\ntimeout = 120\n'
    )


def ingest(records: list[dict], day: dt.date, scope: str = SCOPE, url: str = FEED_URL):
    """Import a feed snapshot in-process (no crawl): quick setup for matching tests."""
    from db.session import session_scope
    from tracker.ingest import Importer, SnapshotInput

    with session_scope() as s:
        return Importer(s).ingest(
            SnapshotInput(
                source="records-feed",
                scope=scope,
                url=url,
                raw=feed(records),
                parser="records-jsonl",
                observed_at=day,
            )
        )

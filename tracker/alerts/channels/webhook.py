"""Webhook: an HTTP POST with a JSON body (``format``: ``json``, ``slack`` or ``teams``).

The URL comes only from the environment variable the channel names (``url_env``, default
``SSO_WEBHOOK_URL``): webhook URLs are secrets.  Any status other than 2xx is a failure.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from tracker.alerts import render
from tracker.alerts.channels import ChannelError
from tracker.alerts.config import ChannelConfig


class WebhookChannel:
    def __init__(self, config: ChannelConfig, timeout: float = 30.0):
        self.config = config
        self.timeout = timeout

    @property
    def env_name(self) -> str:
        return self.config.options.get("url_env", "SSO_WEBHOOK_URL")

    @property
    def format(self) -> str:
        return self.config.options.get("format", "json")

    def enabled(self) -> tuple[bool, str]:
        url = os.environ.get(self.env_name)
        if not url:
            return False, f"${self.env_name} is not set"
        if not url.startswith(("http://", "https://")):
            return False, f"${self.env_name} is not an http(s) URL"
        return True, "webhook"

    def describe(self) -> str:
        return f"webhook ({self.format}) to ${self.env_name}"

    def send(self, payloads: list[dict], digest_day: str | None = None) -> None:
        ok, why = self.enabled()
        if not ok:
            raise ChannelError(why)
        body = json.dumps(
            render.webhook_body(payloads, self.format, digest_day), ensure_ascii=False
        )
        request = urllib.request.Request(
            os.environ[self.env_name],
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "sso-tracker",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise ChannelError(f"HTTP {exc.code} from webhook") from exc
        except urllib.error.URLError as exc:
            raise ChannelError(f"webhook unreachable: {exc.reason}") from exc
        if not 200 <= status < 300:
            raise ChannelError(f"HTTP {status} from webhook")

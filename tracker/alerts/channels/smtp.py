"""E-mail over SMTP.  Server and credentials come only from environment variables, whose
names the channel's table in alerts.toml may change (defaults shown):

``SMTP_HOST`` (required), ``SMTP_PORT`` (587 with STARTTLS, else 25), ``SMTP_USER``,
``SMTP_PASSWORD``, ``SMTP_STARTTLS`` (1/0; default on when a user is set, so a password is
never sent in clear), ``SMTP_CAFILE`` (CA bundle to verify the server, e.g. a private CA),
``SMTP_FROM`` (sender, default ``sso-tracker@localhost``) and ``SMTP_TO`` (comma-separated
recipients, added to the table's ``to`` list).
"""

from __future__ import annotations

import os
import smtplib
import ssl

from tracker.alerts import render
from tracker.alerts.channels import ChannelError
from tracker.alerts.config import ChannelConfig

ENV_DEFAULTS = {
    "host_env": "SMTP_HOST",
    "port_env": "SMTP_PORT",
    "user_env": "SMTP_USER",
    "password_env": "SMTP_PASSWORD",
    "starttls_env": "SMTP_STARTTLS",
    "cafile_env": "SMTP_CAFILE",
    "from_env": "SMTP_FROM",
    "to_env": "SMTP_TO",
}


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class SmtpChannel:
    def __init__(self, config: ChannelConfig, timeout: float = 30.0):
        self.config = config
        self.timeout = timeout

    def _env(self, key: str) -> str | None:
        name = self.config.options.get(key, ENV_DEFAULTS[key])
        return os.environ.get(name) or None

    def settings(self) -> dict:
        user = self._env("user_env")
        starttls = _flag(self._env("starttls_env"), default=bool(user))
        to = list(self.config.options.get("to") or [])
        to += [a.strip() for a in (self._env("to_env") or "").split(",") if a.strip()]
        return {
            "host": self._env("host_env"),
            "port": int(self._env("port_env") or (587 if starttls else 25)),
            "user": user,
            "password": self._env("password_env"),
            "starttls": starttls,
            "cafile": self._env("cafile_env"),
            "sender": self._env("from_env")
            or self.config.options.get("from")
            or "sso-tracker@localhost",
            "to": to,
        }

    def enabled(self) -> tuple[bool, str]:
        s = self.settings()
        if not s["host"]:
            return False, f"${self.config.options.get('host_env', 'SMTP_HOST')} is not set"
        if not s["to"]:
            return False, "no recipients (set `to` or $SMTP_TO)"
        return True, f"smtp://{s['host']}:{s['port']}"

    def describe(self) -> str:
        s = self.settings()
        tls = "STARTTLS" if s["starttls"] else "plain"
        return f"e-mail to {', '.join(s['to']) or '(nobody)'} via {s['host']}:{s['port']} ({tls})"

    def send(self, payloads: list[dict], digest_day: str | None = None) -> None:
        s = self.settings()
        ok, why = self.enabled()
        if not ok:
            raise ChannelError(why)
        msg = render.email_message(payloads, sender=s["sender"], to=s["to"], digest_day=digest_day)
        with smtplib.SMTP(s["host"], s["port"], timeout=self.timeout) as smtp:
            smtp.ehlo()
            if s["starttls"]:
                context = ssl.create_default_context(cafile=s["cafile"])
                smtp.starttls(context=context)
                smtp.ehlo()
            if s["user"]:
                smtp.login(s["user"], s["password"] or "")
            refused = smtp.send_message(msg)
        if refused:
            raise ChannelError(f"recipients refused: {sorted(refused)}")

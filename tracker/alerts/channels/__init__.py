"""Alert channels.  Each has ``enabled() -> (bool, why)`` (its environment is complete) and
``send(payloads, digest_day=None)``, which raises :class:`ChannelError` (or any OSError) on
failure so the caller can retry later."""

from __future__ import annotations

from tracker.alerts.config import ChannelConfig


class ChannelError(Exception):
    """A delivery attempt failed (the alert stays queued)."""


class AtomChannel:
    """The Atom feed served by the dashboard reads the deliveries themselves: nothing to push."""

    def __init__(self, config: ChannelConfig):
        self.config = config

    def enabled(self) -> tuple[bool, str]:
        return True, "feed"

    def send(self, payloads: list[dict], digest_day: str | None = None) -> None:
        return None

    def describe(self) -> str:
        return "Atom feed (served by the dashboard)"


def make_channel(config: ChannelConfig, timeout: float = 30.0):
    if config.type == "smtp":
        from tracker.alerts.channels.smtp import SmtpChannel

        return SmtpChannel(config, timeout=timeout)
    if config.type == "webhook":
        from tracker.alerts.channels.webhook import WebhookChannel

        return WebhookChannel(config, timeout=timeout)
    return AtomChannel(config)

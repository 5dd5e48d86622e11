"""The loopback SMTP and webhook receivers of the alert tests, for scheduler tests too."""

from tests.alerts.conftest import hook, smtp  # noqa: F401

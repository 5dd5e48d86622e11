"""Alerts: rules in ``config/alerts.toml`` matched against change events, one delivery per
(subscriber, channel, event) recorded before sending, channels (SMTP, webhook, Atom feed).

Typical use (what the scheduler does after every crawl)::

    from tracker.alerts import load_alert_config, run_alerts
    created, report = run_alerts(load_alert_config())
"""

from tracker.alerts.config import AlertConfig, load_alert_config, parse_alert_config
from tracker.alerts.deliver import deliver_pending, run_alerts

__all__ = [
    "AlertConfig",
    "deliver_pending",
    "load_alert_config",
    "parse_alert_config",
    "run_alerts",
]

"""``sso-tracker alerts …``: what was alerted, channel tests, delivery of pending alerts."""

from __future__ import annotations

import datetime as dt

import click
from sqlalchemy import select

from tracker.cli.output import emit, format_option

LIST_COLUMNS = (
    "id",
    "created_at",
    "subscriber",
    "channel",
    "kind",
    "status",
    "attempts",
    "next_attempt_at",
    "summary",
    "last_error",
)


@click.group("alerts")
def alerts_group() -> None:
    """Alerts on appointments, departures, secretariat transfers, chair-elect announcements,
    contribution surges and source health (rules and channels: config/alerts.toml; secrets
    from the environment only)."""


@alerts_group.command("list")
@click.option("--status", type=click.Choice(["pending", "sent", "failed"]), help="Only these.")
@click.option("--subscriber", help="Only this rule's alerts.")
@click.option("--limit", type=int, default=50, show_default=True, help="Newest N rows.")
@format_option
def list_cmd(status, subscriber, limit, fmt) -> None:
    """The alerts recorded for each subscriber and channel, newest first, with their
    delivery state (attempts, next retry, last error)."""
    import db.models.alerts  # noqa: F401
    from db.models.alerts import AlertDelivery as D
    from db.session import session_scope
    from tracker.alerts.render import summary

    q = select(D).order_by(D.created_at.desc(), D.id.desc()).limit(limit)
    if status:
        q = q.where(D.status == status)
    if subscriber:
        q = q.where(D.subscriber == subscriber)
    with session_scope() as s:
        rows = [
            {
                "id": d.id,
                "created_at": d.created_at.isoformat(timespec="seconds"),
                "subscriber": d.subscriber,
                "channel": d.channel,
                "kind": d.event_kind,
                "status": d.status,
                "attempts": d.attempts,
                "next_attempt_at": d.next_attempt_at.isoformat(timespec="seconds")
                if d.next_attempt_at
                else None,
                "summary": summary(d.payload),
                "last_error": d.last_error,
            }
            for d in s.scalars(q)
        ]
    emit(rows, LIST_COLUMNS, fmt)


def cfg_type(config, channel: str) -> str:
    return config.channels[channel].type


def sample_payload() -> dict:
    """A clearly fictitious alert for channel tests."""
    return {
        "key": f"test|{dt.datetime.now(dt.UTC).isoformat()}",
        "kind": "appointment",
        "body": "ITU-T",
        "group": "SG17",
        "group_name": "Security (TEST ALERT)",
        "role": "chair",
        "role_label": "Chair",
        "holder": "Test Person",
        "holder_kind": "person",
        "person": "Test Person",
        "organization": "Example Organisation",
        "country": "CN",
        "basis": "listed",
        "first_seen": dt.date.today().isoformat(),
        "source_url": "https://example.org/sso-tracker-test",
    }


@alerts_group.command("test")
@click.argument("channel")
def test_cmd(channel) -> None:
    """Send a sample alert through CHANNEL now (nothing is recorded); exit 1 if it fails."""
    from tracker.alerts.channels import make_channel
    from tracker.alerts.config import load_alert_config

    config = load_alert_config()
    if channel not in config.channels:
        raise click.BadParameter(
            f"no channel {channel!r}; configured: {', '.join(config.channels) or 'none'}",
            param_hint="CHANNEL",
        )
    chan = make_channel(config.channels[channel], timeout=config.delivery.timeout_seconds)
    ok, why = chan.enabled()
    if not ok:
        click.echo(f"{channel}: disabled: {why}", err=True)
        raise SystemExit(1)
    if cfg_type(config, channel) == "atom":
        click.echo(f"{channel}: the Atom feed has nothing to push (the dashboard serves it)")
        return
    try:
        chan.send([sample_payload()])
    except Exception as exc:  # noqa: BLE001
        click.echo(f"{channel}: FAILED: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"{channel}: sent a test alert ({chan.describe()})")


@alerts_group.command("send")
@click.option("--flush-digests", is_flag=True, help="Also send today's digests now.")
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Retry failed deliveries now, also those that reached max_attempts.",
)
@click.option("--no-match", is_flag=True, help="Only deliver; do not look for new events.")
def send_cmd(flush_digests, retry_failed, no_match) -> None:
    """Match new events against the rules, then deliver every pending alert (what the
    scheduler does after each crawl and every few minutes).  Exit 1 if a delivery failed."""
    from tracker.alerts.config import load_alert_config
    from tracker.alerts.deliver import deliver_pending
    from tracker.alerts.deliver import retry_failed as requeue
    from tracker.alerts.rules import match_and_store

    config = load_alert_config()
    created = 0 if no_match else match_and_store(config)
    if retry_failed:
        requeue()
    report = deliver_pending(config, flush_digests=flush_digests)
    click.echo(
        f"{created} new alert(s); sent {report.sent} in {report.messages} message(s), "
        f"{report.failed} failed",
        err=True,
    )
    for error in report.errors:
        click.echo(f"  {error}", err=True)
    if report.failed:
        raise SystemExit(1)


@alerts_group.command("rules")
@format_option
def rules_cmd(fmt) -> None:
    """The configured rules and whether each channel is usable (its environment is set)."""
    from tracker.alerts.channels import make_channel
    from tracker.alerts.config import load_alert_config

    config = load_alert_config()
    state = {}
    for name, cfg in config.channels.items():
        ok, why = make_channel(cfg).enabled()
        state[name] = name if ok else f"{name} (disabled: {why})"
    rows = [
        {
            "rule": r.name,
            "events": ",".join(r.events),
            "countries": ",".join(r.countries) or "any",
            "roles": ",".join(r.roles) or "any",
            "bodies": ",".join(r.bodies) or "any",
            "groups": ",".join(r.groups) or "any",
            "attribution": r.attribution or "default",
            "digest": "daily" if r.digest else "none",
            "channels": "; ".join(state[c] for c in r.channels),
        }
        for r in config.rules
    ]
    emit(
        rows,
        (
            "rule",
            "events",
            "countries",
            "roles",
            "bodies",
            "groups",
            "attribution",
            "digest",
            "channels",
        ),
        fmt,
    )

"""``sso-tracker schedule …``: the long-running scheduler, its jobs, and one-off runs."""

from __future__ import annotations

import json

import click

from tracker.cli.output import emit, format_option


@click.group("schedule")
def schedule_group() -> None:
    """Crawl every enabled source at the cadence of config/sources.toml (`schedule`), then
    import, detect changes and send alerts.  Jobs are stored in the database."""


@schedule_group.command("run")
@click.option(
    "--workers",
    type=int,
    default=4,
    show_default=True,
    help="Crawls that may run at the same time (never two of one source).",
)
def run_cmd(workers) -> None:
    """Run the scheduler until SIGINT/SIGTERM (one scheduler per database).

    At start it releases leases of crashed runs, reconciles the stored jobs with the
    configuration (changed sources get new jobs; removed ones are dropped) and delivers any
    pending alerts.  Missed runs are coalesced into one."""
    from tracker.scheduling import run_forever

    click.echo("scheduler running (Ctrl-C to stop)", err=True)
    run_forever(max_workers=workers)


@schedule_group.command("list")
@format_option
def list_cmd(fmt) -> None:
    """The jobs with their schedules and next run times (UTC)."""
    from tracker.scheduling import list_jobs

    emit(list_jobs(), ("source", "schedule", "next_run", "state", "job"), fmt)


@schedule_group.command("run-once")
@click.argument("source")
@click.option(
    "--observed-at",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Observation date for the snapshots (default: the fetch date).",
)
def run_once_cmd(source, observed_at) -> None:
    """Crawl SOURCE now (as the scheduler would: subprocess, import, alerts).

    Exit 3 if the crawl failed or looked suspect, 4 if another crawl of SOURCE is running."""
    from tracker.runs import run_source

    try:
        outcome = run_source(source, observed_at=observed_at.date() if observed_at else None)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="SOURCE") from exc
    click.echo(json.dumps(outcome.as_dict(), ensure_ascii=False))
    if outcome.status == "skipped":
        raise SystemExit(4)
    if outcome.status != "ok":
        raise SystemExit(3)

"""``sso-tracker backfill SOURCE``: history from the Wayback Machine (see docs/backfill.md)."""

from __future__ import annotations

from pathlib import Path

import click


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command("backfill")
@click.argument("source")
@click.option("--from", "start", metavar="YYYY", help="First year (or YYYYMMDD) of captures.")
@click.option("--to", "end", metavar="YYYY", help="Last year (or YYYYMMDD) of captures.")
@click.option(
    "--url", "urls", multiple=True, help="Page(s) to backfill instead of the configured ones."
)
@click.option(
    "--id",
    "ids",
    multiple=True,
    metavar="ID",
    help="ISO committee id(s) for iso-committee (repeatable or comma-separated); "
    "default: the active committees in the store.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Seconds between requests to the archive (one request at a time).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Retries on 429/5xx or network errors, with exponential back-off.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    help="First back-off pause in seconds (doubled per retry, capped at 300).",
)
@click.option(
    "--limit", type=click.IntRange(min=0), help="Stop after N fetched captures (resumable)."
)
@click.option(
    "--restart",
    is_flag=True,
    help="Forget saved progress and list captures again (stored captures are still skipped).",
)
@click.option(
    "--state-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Progress file (default: DATA_DIR/backfill/SOURCE.json).",
)
@click.option(
    "--base", help="Archive base URL (default: $SSO_WAYBACK_BASE or https://web.archive.org)."
)
def backfill_cmd(
    source, start, end, urls, ids, delay, retries, backoff, limit, restart, state_file, base
) -> None:
    """Import archived copies of SOURCE's pages from the Wayback Machine.

    Captures are listed through the CDX API (one per distinct content), fetched unmodified
    (`id_`), and imported with the same parser and scope as a live crawl, observed on the
    capture's date.  Older URL generations of ISO committee pages are followed.  Progress is
    saved after every capture: run the same command again to resume.  Exit status 3 when the
    archive stayed unreachable (or robots.txt forbids it); resume later.
    """
    from tracker.backfill.cdx import check_period
    from tracker.backfill.fetch import HttpClient
    from tracker.backfill.plan import plan
    from tracker.backfill.run import backfill
    from tracker.backfill.state import BackfillState, state_path
    from tracker.cli.ingest import report

    try:
        check_period(start, "--from")
        check_period(end, "--to")
        targets = plan(source, urls=_split(urls), ids=_split(ids))
    except (KeyError, ValueError) as exc:
        raise click.UsageError(str(exc.args[0] if exc.args else exc)) from exc
    path = state_file or state_path(source)
    if restart and path.exists():
        path.unlink()
    try:
        state = BackfillState.load(source, path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc

    def show(outcome) -> None:
        label = f"{outcome.capture.timestamp} {outcome.capture.original}"
        if outcome.result is None:
            click.echo(f"{label}: already stored", err=True)
        else:
            report(label, outcome.capture.observed_at, outcome.result)

    http = HttpClient(delay=delay, retries=retries, backoff=backoff)
    result = backfill(
        source,
        start=start,
        end=end,
        limit=limit,
        base=base,
        http=http,
        state=state,
        targets=targets,
        on_outcome=show,
    )
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items())) or "nothing new"
    click.echo(
        f"backfill {source}: {result.targets} page(s), {result.queries} CDX listing(s), "
        f"{counts}; {result.skipped} done earlier; {http.requests} request(s)",
        err=True,
    )
    if result.stopped:
        click.echo(f"{result.stopped}; run the same command again to resume ({path})", err=True)
    if result.error:
        raise SystemExit(3)

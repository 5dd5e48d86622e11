"""The ``sso-tracker`` command line."""

from __future__ import annotations

import logging

import click

from tracker.cli.alerts import alerts_group
from tracker.cli.backfill import backfill_cmd
from tracker.cli.crawl import crawl_cmd, parse_cmd, sources_cmd
from tracker.cli.dashboard import dashboard_cmd
from tracker.cli.db import db_group
from tracker.cli.export import export_cmd
from tracker.cli.ingest import ingest_group
from tracker.cli.observations import import_observations_cmd
from tracker.cli.orgs import orgs_group
from tracker.cli.people import people_group
from tracker.cli.report import (
    events_cmd,
    participation_cmd,
    posts_cmd,
    proposals_cmd,
    share_cmd,
)
from tracker.cli.schedule import schedule_group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.version_option(package_name="sso-tracker")
def main(verbose: int) -> None:
    """sso-tracker: who leads ITU-T, ISO, IEC and 3GPP, and how that changes over time.

    The store is chosen by DATABASE_URL (default: SQLite file ./data/sso-tracker.sqlite).
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


main.add_command(db_group)
main.add_command(ingest_group)
main.add_command(share_cmd)
main.add_command(events_cmd)
main.add_command(crawl_cmd)
main.add_command(parse_cmd)
main.add_command(import_observations_cmd)
main.add_command(sources_cmd)
main.add_command(proposals_cmd)
main.add_command(export_cmd)
main.add_command(posts_cmd)
main.add_command(backfill_cmd)
main.add_command(orgs_group)
main.add_command(people_group)
main.add_command(participation_cmd)
main.add_command(dashboard_cmd)
main.add_command(alerts_group)
main.add_command(schedule_group)

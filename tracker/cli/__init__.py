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

#: How a missing table reads in the drivers' messages (SQLite; PostgreSQL's UndefinedTable).
_MISSING_TABLE = ("no such table", "undefinedtable", 'relation "')


class _Main(click.Group):
    """The top-level group: store errors a user can fix are said in one line, not a traceback."""

    def invoke(self, ctx: click.Context):
        from alembic.util import CommandError
        from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as exc:
            if not any(m in str(exc).lower() for m in _MISSING_TABLE):
                raise
            raise click.ClickException(
                f"the store {_store()} lacks sso-tracker tables ({_first_line(exc.orig or exc)}): "
                "run `sso-tracker db upgrade` first"
            ) from exc
        except CommandError as exc:
            if "not up to date" not in str(exc):
                raise
            raise click.ClickException(
                f"the store {_store()} is not at the latest migration: run `sso-tracker db upgrade` first"
            ) from exc
        except ArgumentError as exc:
            raise click.ClickException(f"not a database URL: {_first_line(exc)}") from exc


def _store() -> str:
    from db.session import database_url
    from tracker.cli.db import _safe

    try:
        return _safe(database_url())
    except Exception:  # noqa: BLE001 - the URL itself may be what failed
        return "named by DATABASE_URL"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.version_option(package_name="sso-tracker")
def main(verbose: int) -> None:
    """sso-tracker: who leads ITU-T, ISO, IEC and 3GPP, and how that changes over time.

    The store is chosen by DATABASE_URL (default: SQLite file ./data/sso-tracker.sqlite).
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )


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

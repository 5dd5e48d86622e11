"""``sso-tracker db …``: schema migrations."""

from __future__ import annotations

import click

from db import migrate
from db.session import database_url


@click.group("db")
def db_group() -> None:
    """Create and migrate the store (DATABASE_URL, default ./data/sso-tracker.sqlite)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (creates the database if needed)."""
    migrate.upgrade(revision=revision)
    click.echo(f"database at {migrate.current()} ({_safe(database_url())})", err=True)


@db_group.command("downgrade")
@click.option("--revision", default="-1", show_default=True, help="Target revision ('base' = empty).")
def downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(revision=revision)
    click.echo(f"database at {migrate.current()}", err=True)


@db_group.command("current")
def current() -> None:
    """Print the current revision and the database URL (password hidden)."""
    click.echo(f"{migrate.current()} {_safe(database_url())}")


@db_group.command("check")
def check() -> None:
    """Fail if the models and the migrated schema differ."""
    migrate.check()
    click.echo("schema matches the models")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_group.command("copy")
@click.argument("src_url")
@click.argument("dst_url")
def copy(src_url: str, dst_url: str) -> None:
    """Copy everything from the store at SRC_URL into the empty store at DST_URL (e.g. SQLite
    -> PostgreSQL).  Ids, snapshots' raw bytes, history and events are preserved."""
    from tracker.dbcopy import copy_database

    try:
        counts = copy_database(src_url, dst_url, lambda t, n: click.echo(f"{t}: {n}", err=True))
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"copied {sum(counts.values())} rows in {len(counts)} tables to {_safe(dst_url)}", err=True)

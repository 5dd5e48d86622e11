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

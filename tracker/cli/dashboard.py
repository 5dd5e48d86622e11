"""``sso-tracker dashboard``: serve the read-only Dash dashboard."""

from __future__ import annotations

import click


@click.command("dashboard")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--debug", is_flag=True, help="Dash debug mode (reloader, error pages): never on a shared host."
)
def dashboard_cmd(host: str, port: int, debug: bool) -> None:
    """Serve the dashboard over the store (DATABASE_URL) with Flask's development server.

    For a shared deployment use gunicorn (``gunicorn dashboard.wsgi:server``) and set
    SSO_DASHBOARD_USERS to require a login.
    """
    from dashboard.app import create_app

    app = create_app()
    click.echo(f"dashboard on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    app.run(host=host, port=port, debug=debug)

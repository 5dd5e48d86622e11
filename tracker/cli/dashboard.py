"""``sso-tracker dashboard``: serve the read-only Dash dashboard."""

from __future__ import annotations

import ipaddress
import os

import click

AUTH_ENV = "SSO_DASHBOARD_USERS"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("dashboard")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8050, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--debug", is_flag=True, help="Dash debug mode (reloader, error pages): never on a shared host."
)
@click.option("--insecure-no-auth", is_flag=True,
              help="Serve on a non-loopback address without a login (not recommended).")
def dashboard_cmd(host: str, port: int, debug: bool, insecure_no_auth: bool) -> None:
    """Serve the dashboard over the store (DATABASE_URL) with Flask's development server.

    On 127.0.0.1 no login is needed.  On any other address the dashboard refuses to start
    unless SSO_DASHBOARD_USERS holds logins (``user:werkzeug-password-hash,…``; HTTP basic
    auth) or --insecure-no-auth is given.  For a shared deployment use gunicorn
    (``gunicorn dashboard.wsgi:server``), see docs/operations.md.
    """
    from dashboard.auth import parse_users

    if not is_loopback(host) and not parse_users(os.environ.get(AUTH_ENV)) and not insecure_no_auth:
        raise click.ClickException(
            f"refusing to serve on {host} without a login: set {AUTH_ENV} (see docs/operations.md) "
            "or pass --insecure-no-auth")
    from dashboard.app import create_app

    app = create_app()
    click.echo(f"dashboard on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    app.run(host=host, port=port, debug=debug)

"""The Dash app: ``create_app(db_url)`` builds a read-only dashboard over one store.

Pages live in ``dashboard/pages/`` (each registers itself and keeps its callbacks beside it);
``dashboard/downloads.py`` serves every table as CSV; ``dashboard/auth.py`` adds HTTP Basic
authentication when ``SSO_DASHBOARD_USERS`` is set.  Serve with ``sso-tracker dashboard`` or
``gunicorn dashboard.wsgi:server``.
"""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, html

from dashboard import auth, downloads
from dashboard.components import navbar
from dashboard.queries import CONFIG_KEY
from db.session import database_url

HERE = Path(__file__).resolve().parent


def create_app(db_url: str | None = None) -> Dash:
    """A dashboard over the store at ``db_url`` (default: ``DATABASE_URL`` / the SQLite file)."""
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="sso-tracker",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.server.config[CONFIG_KEY] = database_url(db_url)
    app.layout = html.Div([navbar(), html.Main(dash.page_container, className="page")])
    downloads.register(app.server)
    _register_feed(app.server)
    # Take this app's callbacks now: pages register theirs globally when imported, and Dash
    # hands them to whichever app serves a request first; a second app built in the same
    # process (tests) would otherwise get none or duplicates.
    with app.server.test_request_context("/"):
        app.server.preprocess_request()
    auth.register(app.server)
    return app


def _register_feed(server) -> None:
    """``/alerts.atom``: the alert deliveries as an Atom feed (``config/alerts.toml``)."""

    @server.route("/alerts.atom")
    def alerts_atom():
        from flask import Response, request

        from dashboard.queries import read_session
        from tracker.alerts.atom import atom_feed

        with read_session() as session:
            body = atom_feed(
                session,
                subscriber=request.args.get("subscriber"),
                channel=request.args.get("channel"),
                feed_url=request.url,
            )
        return Response(body, mimetype="application/atom+xml")

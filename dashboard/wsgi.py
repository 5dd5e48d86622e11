"""WSGI entry point: ``gunicorn dashboard.wsgi:server`` (store from ``DATABASE_URL``).

A WSGI server is for shared deployments, so it requires logins (``SSO_DASHBOARD_USERS``)
unless ``SSO_DASHBOARD_ALLOW_NO_AUTH=1`` says otherwise explicitly.
"""

import os

from dashboard.app import create_app
from dashboard.auth import ENV, parse_users

if not parse_users(os.environ.get(ENV)) and os.environ.get("SSO_DASHBOARD_ALLOW_NO_AUTH") != "1":
    raise RuntimeError(f"refusing to serve without a login: set {ENV} or SSO_DASHBOARD_ALLOW_NO_AUTH=1")

app = create_app()
server = app.server

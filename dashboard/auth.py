"""Optional HTTP Basic authentication for a shared deployment.

``SSO_DASHBOARD_USERS`` (environment only) holds ``user:hash`` pairs separated by commas, the
hashes made with ``werkzeug.security.generate_password_hash`` (``pbkdf2:…`` or ``scrypt:…``).
Unset or empty: no authentication (local use).
"""

from __future__ import annotations

import os

from flask import Response, request
from werkzeug.security import check_password_hash

ENV = "SSO_DASHBOARD_USERS"


def parse_users(value: str | None) -> dict[str, str]:
    users = {}
    for entry in (value or "").split(","):
        user, sep, hashed = entry.strip().partition(":")
        if sep and user and hashed:
            users[user] = hashed
    return users


def register(server, users: dict[str, str] | None = None) -> None:
    """Require a valid user on every request when users are configured."""
    users = parse_users(os.environ.get(ENV)) if users is None else users
    if not users:
        return

    @server.before_request
    def _check():
        auth = request.authorization
        if (
            auth
            and auth.type == "basic"
            and auth.username in users
            and check_password_hash(users[auth.username], auth.password or "")
        ):
            return None
        return Response(
            "Authentication required.", 401, {"WWW-Authenticate": 'Basic realm="sso-tracker"'}
        )

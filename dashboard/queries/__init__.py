"""Read-only queries for the dashboard: SQL -> pandas DataFrames (or plain dicts).

Every function takes a SQLAlchemy session first and never writes.  Pages open one with
:func:`read_session`, which reads the store's URL from the Flask app that serves them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from db.session import session_factory

CONFIG_KEY = "SSO_DATABASE_URL"


@contextmanager
def read_session(url: str | None = None) -> Iterator[Session]:
    """A session on the app's store (or ``url``), always rolled back: the dashboard only reads."""
    if url is None:
        from flask import current_app

        url = current_app.config.get(CONFIG_KEY)
    session = session_factory(url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()

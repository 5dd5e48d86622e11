"""Data quality: source health, snapshots not applied, unresolved organisations, coverage."""

from __future__ import annotations

import dash
from dash import html

from dashboard import ids
from dashboard.components import data_table, download_link, fact_table, section
from dashboard.queries import read_session
from dashboard.queries.quality import (
    bad_snapshots,
    coverage,
    source_health,
    unresolved_organizations,
)

dash.register_page(
    __name__, path="/quality", name="Data quality", title="Data quality · sso-tracker"
)

BAD_FACTS = [
    ("Status", "status"),
    ("Reason", "reason"),
    ("Source", "source_name"),
    ("Scope", "scope"),
    ("URL", "url"),
    ("Observed", "observed_at"),
    ("Snapshot", "source"),
]


def layout(**_query):
    with read_session() as s:
        health, bad = source_health(s), bad_snapshots(s)
        unresolved, cover = unresolved_organizations(s), coverage(s)
    bad = bad.rename(columns={"source": "source_name"}).assign(
        source_snapshot_id=bad["snapshot_id"]
    )
    return html.Div(
        [
            html.H2("Data quality"),
            section(
                "Source health",
                download_link("quality-health-csv", "source-health"),
                data_table(ids.QUALITY_HEALTH, health),
                note="Last run of each source and its snapshots by status (applied, unchanged, superseded by a later fetch of the same date, suspect, failed).",
            ),
            section(
                "Suspect and failed snapshots",
                download_link("quality-bad-csv", "bad-snapshots"),
                fact_table(bad, BAD_FACTS, table_id=ids.QUALITY_BAD),
                note="Stored but never applied: the last good state stays in force.",
            ),
            section(
                "Unresolved organisations",
                download_link("quality-unresolved-csv", "unresolved-organizations"),
                data_table(ids.QUALITY_UNRESOLVED, unresolved),
                note="Organisation names printed on posts that match no organisation: no hq or "
                "registration country can be attributed to them.",
            ),
            section(
                "Coverage per body",
                download_link("quality-coverage-csv", "coverage"),
                data_table(ids.QUALITY_COVERAGE, cover),
            ),
        ]
    )

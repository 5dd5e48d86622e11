"""The 2021 CASI study of Chinese officers in ITU AI focus groups, extended with the store."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids
from dashboard.components import data_table, download_link, section
from dashboard.figures import study_figure
from dashboard.queries import read_session
from dashboard.queries.study import ai_groups_now, study_comparison

dash.register_page(
    __name__, path="/ai-study", name="AI study 2021+", title="AI study · sso-tracker"
)

CITATION = (
    "Sullivan, The U.S., China, and Artificial Intelligence Competition Factors, "
    "China Aerospace Studies Institute, 2021: Chinese chairs, co-chairs and vice-chairs of "
    "ITU-T AI focus groups and their working groups."
)


def layout(**_query):
    with read_session() as s:
        table, groups = study_comparison(s), ai_groups_now(s)
    held = int((table["store_status"] == "held now").sum())
    return html.Div(
        [
            html.H2("ITU AI focus groups: the 2021 study and the store now"),
            html.P(CITATION, className="note"),
            html.P(
                f"{len(table)} officers in the study; {held} still hold a post in the same group family "
                "according to the store.",
                className="summary",
            ),
            section(
                "Chinese officers per group",
                dcc.Graph(
                    id=ids.STUDY_GRAPH, figure=study_figure(groups), config={"displaylogo": False}
                ),
                download_link("study-groups-csv", "study-groups"),
                data_table(ids.STUDY_GROUPS, groups, page_size=20),
                note="The study's groups and AI focus groups created since (FG-AI…, FG-ML…): posts held "
                "now (open intervals), and those attributed to China.",
            ),
            section(
                "The study's table beside the store",
                download_link("study-csv", "study"),
                data_table(ids.STUDY_TABLE, table, page_size=20),
                note="Matched by person (name order ignored) within the group and its subgroups.",
            ),
        ]
    )

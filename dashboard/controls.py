"""Filter controls shared by pages (dropdown options use "all"/"default" for no filter)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.params import BODIES
from dashboard.topics import lens_options
from db.models.events import EVENT_KINDS
from tracker.config import ATTRIBUTION_MODES
from tracker.normalise.roles import LEADERSHIP_ROLES
from tracker.queries.timeseries import FREQS

ALL = "all"
DEFAULT = "default"
BODY_OPTIONS = [{"label": "All bodies", "value": ALL}] + [{"label": b, "value": b} for b in BODIES]
ROLE_OPTIONS = [{"label": r.replace("_", " "), "value": r} for r in LEADERSHIP_ROLES]
KIND_OPTIONS = [{"label": k.replace("_", " "), "value": k} for k in EVENT_KINDS]
ATTRIBUTION_OPTIONS = [{"label": "default (fallback order)", "value": DEFAULT}] + [
    {"label": m.replace("_", " "), "value": m} for m in ATTRIBUTION_MODES
]
FREQ_OPTIONS = [{"label": "automatic", "value": "auto"}] + [
    {"label": label, "value": key} for key, label in FREQS.items()
]


def topic_options() -> list[dict]:
    return [{"label": "All groups", "value": ALL}] + lens_options()


def unset(value) -> str:
    """Control value -> params value ("all"/"default"/None -> "")."""
    return "" if value in (None, ALL, DEFAULT) else str(value)


def labelled(label: str, control, width: str = "220px") -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=getattr(control, "id", None)), control],
        className="control",
        style={"width": width},
    )


def body_dropdown(cid: str, value: str) -> html.Div:
    return labelled(
        "Body", dcc.Dropdown(id=cid, options=BODY_OPTIONS, value=value or ALL, clearable=False)
    )


def topic_dropdown(cid: str, value: str) -> html.Div:
    return labelled(
        "Topic",
        dcc.Dropdown(id=cid, options=topic_options(), value=value or ALL, clearable=False),
        width="300px",
    )


def family_input(cid: str, value: str) -> html.Div:
    return labelled(
        "Group family",
        dcc.Input(
            id=cid, value=value, debounce=True, type="text", placeholder="e.g. ISO/IEC JTC 1, SG13"
        ),
    )


URL_SYNC_JS = """
function(query) {
    if (typeof query === "string") {
        var target = window.location.pathname + (query ? "?" + query : "");
        if (target !== window.location.pathname + window.location.search) {
            window.history.replaceState(window.history.state, "", target);
        }
    }
    return window.dash_clientside.no_update;
}
"""

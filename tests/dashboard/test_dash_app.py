"""The app without a browser: factory, every page's layout, CSV downloads, auth, the CLI."""

from __future__ import annotations

import csv
import io
import json

import dash
import pytest
from click.testing import CliRunner
from dash import dcc
from werkzeug.security import generate_password_hash

from dashboard import ids
from dashboard.app import create_app
from dashboard.downloads import TABLES, table_frame, to_csv
from dashboard.params import ShareParams
from dashboard.queries.share import share_frame
from tracker.cli.dashboard import dashboard_cmd


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from _walk(child)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from _walk(children)


def _layouts(app, world):
    queries = {
        "/group": {"id": str(world["fg"].id)},
        "/person": {"id": str(world["ana"].id)},
        "/snapshot": {"id": str(world["s1"].id)},
        "/posts": {"date": "2025-06-15", "country": "CN"},
    }
    with app.server.test_request_context("/"):
        for page in dash.page_registry.values():
            for query in ({}, queries.get(page["path"], {})):
                yield page["path"], page["layout"](**query)


def test_two_apps_each_get_their_callbacks(db_url):
    first, second = create_app(db_url), create_app(db_url)
    assert len(first.callback_map) == len(second.callback_map) >= 10
    assert any(ids.SHARE_GRAPH in key for key in second.callback_map)
    assert first.server.config["SSO_DATABASE_URL"] == db_url


def test_every_page_renders_and_scraped_text_stays_text(db_url, world):
    app = create_app(db_url)
    paths = set()
    for path, layout in _layouts(app, world):
        paths.add(path)
        for component in _walk(layout):
            assert not isinstance(component, dcc.Markdown), path
            assert "dangerously_allow_html" not in getattr(component, "_prop_names", ()), path
        json.dumps(layout, cls=__import__("plotly").utils.PlotlyJSONEncoder)  # serialisable
    assert paths == {
        "/",
        "/posts",
        "/events",
        "/group",
        "/person",
        "/ai-study",
        "/proposals",
        "/quality",
        "/snapshot",
    }
    snapshot = dict(_layouts(app, world))["/snapshot"]
    pre = next(c for c in _walk(snapshot) if getattr(c, "id", None) == ids.SNAPSHOT_PREVIEW)
    assert (
        pre.children == "<p>Co-chair: Mr <b>SHAN Xu</b>, CAICT</p>"
    )  # a string child: shown as text


def test_csv_downloads_hold_the_filtered_rows(db_url, world, session):
    client = create_app(db_url).server.test_client()
    query = "body=ITU-T&start=2025-06-01&end=2025-07-15&freq=W-MON&top=2"
    response = client.get(f"/download/share.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="share.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    expected = share_frame(
        session,
        ShareParams(body="ITU-T", start="2025-06-01", end="2025-07-15", freq="W-MON", top=2),
    )
    assert [(r["date"], r["country"], int(r["posts"])) for r in rows] == [
        (d.strftime("%Y-%m-%d"), c, p)
        for d, c, p in expected[["date", "country", "posts"]].itertuples(index=False)
    ]
    assert client.get("/download/nothing.csv").status_code == 404
    for name in TABLES:
        assert (
            client.get(
                f"/download/{name}.csv?id={world['fg'].id}&date=2025-06-15&country=CN"
            ).status_code
            == 200
        )
    posts = table_frame(
        "posts", {"body": ["ITU-T"], "date": ["2025-06-15"], "country": ["CN"]}, db_url
    )
    assert sorted(posts["group"]) == ["FG-AI4H", "FG-AN/WG1"]


def test_csv_cells_cannot_become_formulas():
    import pandas as pd

    out = to_csv(
        pd.DataFrame({"holder": ['=HYPERLINK("x")', "@SUM(A1)", "Ann"], "posts": [-1, 2, 3]})
    )
    assert out.splitlines()[1:] == ['"\'=HYPERLINK(""x"")",-1', "'@SUM(A1),2", "Ann,3"]


def test_basic_auth_when_users_are_configured(db_url, monkeypatch):
    monkeypatch.setenv("SSO_DASHBOARD_USERS", f"ann:{generate_password_hash('s3cret')}")
    client = create_app(db_url).server.test_client()
    assert client.get("/download/coverage.csv").status_code == 401
    ok = client.get("/download/coverage.csv", auth=("ann", "s3cret"))
    assert ok.status_code == 200
    assert client.get("/download/coverage.csv", auth=("ann", "wrong")).status_code == 401


def test_dashboard_command_serves_the_app(db_url, monkeypatch):
    calls = {}
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kw: calls.update(kw))
    result = CliRunner().invoke(dashboard_cmd, ["--port", "8123", "--host", "127.0.0.2"])
    assert result.exit_code == 0, result.output
    assert calls == {"host": "127.0.0.2", "port": 8123, "debug": False}
    assert "--debug" in CliRunner().invoke(dashboard_cmd, ["--help"]).output


@pytest.mark.parametrize("empty_db", ["postgres"], indirect=True)
def test_share_csv_on_postgres(db_url, world, session):
    client = create_app(db_url).server.test_client()
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/download/share.csv?freq=D&start=2025-06-15&end=2025-06-15").get_data(
                    as_text=True
                )
            )
        )
    )
    assert {r["country"]: int(r["posts"]) for r in rows} == {
        "CN": 2,
        "US": 2,
        "ES": 1,
        "KR": 1,
        "unattributed": 1,
    }


def test_alerts_feed_is_served(db_url):
    response = create_app(db_url).server.test_client().get("/alerts.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    assert b"<feed" in response.data

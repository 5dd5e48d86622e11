"""Mistakes on the command line get one clear line and exit status 2, never a traceback or a
recorded "failed" run."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import SourceRun
from tests.conftest import FIXTURES


def test_crawl_refuses_an_unknown_spider_without_recording_a_run(cli, session):
    result = cli("crawl", "nosuch", ok=False)
    assert result.exit_code == 2
    assert "'nosuch' is neither a source" in result.output and "itu_mgmt" in result.output
    assert session.scalar(select(func.count(SourceRun.id))) == 0


def test_crawl_refuses_a_spider_argument_without_a_value(cli):
    result = cli("crawl", "itu-mgmt", "--arg", "foo", ok=False)
    assert result.exit_code == 2 and "'foo' is not KEY=VALUE" in result.output


def test_crawl_refuses_a_replay_directory_without_manifest(cli, tmp_path):
    result = cli("crawl", "itu-mgmt", "--replay", tmp_path, ok=False)
    assert result.exit_code == 2 and "has no manifest.json" in result.output


def test_parse_of_a_url_the_parser_cannot_read_exits_2(cli):
    page = FIXTURES / "itu" / "itu_mgmt" / "sg13_2023-07.html"
    url = "https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Period=17"  # no Group=
    result = cli("parse", "itu-mgmt", page, "--url", url, ok=False)
    assert result.exit_code == 2 and "without a usable Group= parameter" in result.output

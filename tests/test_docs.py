"""README and --help stay true to the code: every command is documented and has help."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tracker.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


ALL = list(_commands(main))


def test_every_top_level_command_is_in_the_readme():
    documented = set(re.findall(r"^\| `([a-z-]+)", README, flags=re.MULTILINE))
    assert set(main.commands) <= documented, set(main.commands) - documented


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_help_of_every_command(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_readme_mentions_the_two_commands_and_licences():
    assert "make run" in README and "make test" in README
    assert "ODC Attribution License" in README and "LICENSE.bigbang.txt" in README


def test_parse_sources_in_readme_exist():
    from crawlers.parsers.registry import PARSERS

    for name in ("itu-mgmt", "itu-loqr", "itu-fg", "itu-md", "iso-committee", "iec-committee",
                 "iec-np-vote", "tgpp-officials", "tgpp-election", "tgpp-tdocs", "iso-open-data"):
        assert name in PARSERS


def test_readme_fg_ai_counts_hold_on_the_store_make_run_builds(cli):
    """The README's FG-AI figures, on the curated files `make load` imports (read from the
    Makefile, so the two cannot drift apart)."""
    import json
    import shlex

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = make.split("\nload:", 1)[1].split("\n\n", 1)[0]
    imports = [shlex.split(line.split("sso-tracker", 1)[1]) for line in target.splitlines()
               if "sso-tracker import-observations" in line]
    assert len(imports) == 2
    for args in imports:
        cli(*[str(ROOT / a) if a.startswith("datasets/") else a for a in args])

    def share(day):
        out = cli("share", "--body", "ITU-T", "--group-family", "FG-AI", "--as-of", day,
                  "--format", "json").stdout
        return {r["country"]: r["posts"] for r in json.loads(out)}

    assert share("2021-06-30") == {"CN": 14, "GB": 1, "unattributed": 1}
    assert share("2020-06-30") == {"CN": 3, "GB": 1}
    text = " ".join(README.split())
    assert "makes these 16 posts (14 CN, 1 GB, 1 unattributed) and 4 (3 CN, 1 GB)" in text


def test_readme_export_row_names_exactly_what_export_takes():
    from tracker.cli.export import WHATS

    row = next(line for line in README.splitlines() if line.startswith("| `export WHAT"))
    assert set(re.findall(r"`([a-z-]+)`", row.split("|")[-2])) == set(WHATS)


def test_alert_key_docs_and_fallback_comment_are_true():
    """Alerts are keyed by the fact (tracker.alerts.events.identity), not by the change event;
    the fallback order's comment says how to apply a change to the stored posts."""
    import db.models.alerts
    from db.models import ChangeEvent

    for doc in (db.models.alerts.__doc__, ChangeEvent.__doc__):
        assert "tracker.alerts.events.identity" in doc and "exactly once" not in doc
    toml = (ROOT / "config" / "tracker.toml").read_text(encoding="utf-8")
    comment = toml.split("[attribution]", 1)[1].split("fallback =", 1)[0]
    assert "sso-tracker orgs reattribute" in comment

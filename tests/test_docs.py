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

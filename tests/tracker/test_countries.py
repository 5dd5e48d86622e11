"""tracker.normalise.countries: printed country names -> alpha-2, never guessed."""

from __future__ import annotations

import csv

import pytest

from tracker.normalise.countries import to_alpha2
from tracker.paths import CONFIG_DIR


def _overrides() -> list[tuple[str, str]]:
    path = CONFIG_DIR / "lookups" / "countries.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return [(r["name"], r["alpha2"].strip().upper()) for r in csv.DictReader(lines)]


@pytest.mark.parametrize("name, code", _overrides())
def test_every_override_resolves_as_printed(name, code):
    # "U.S.A.", "U.K.", "Lao P.D.R." end in "." and used to lose it before the look-up
    assert to_alpha2(name) == code


@pytest.mark.parametrize(
    "printed, code",
    [
        ("U.S.A.", "US"),
        ("  u.k. ", "GB"),
        ("Lao P.D.R.", "LA"),
        ("USA;", "US"),
        ("Japan.", "JP"),
        ("Korea (Rep. of),", "KR"),
        ("DE", "DE"),
        ("Europe", None),
        ("U.S.A", None),  # not a form any source prints: not guessed
        (".", None),
    ],
)
def test_printed_forms(printed, code):
    assert to_alpha2(printed) == code

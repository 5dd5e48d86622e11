"""The 3GPP group tree and the group-name normaliser."""

from __future__ import annotations

import importlib

import pytest

from crawlers.parsers.tgpp_groups import GROUPS, group_info, normalise_group, parent_of


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RAN WG1", "RAN1"),
        ("R1", "RAN1"),
        ("RAN1", "RAN1"),
        ("TSG RAN WG1", "RAN1"),
        ("WG1_RL1", "RAN1"),
        ("wg1_rl1", "RAN1"),
        ("TSGR1_123", "RAN1"),
        ("RAN1#123", "RAN1"),
        ("RAN WG1 (Radio Layer 1)", "RAN1"),
        ("ran wg 3", "RAN3"),
        ("SA WG2", "SA2"),
        ("S2", "SA2"),
        ("WG2_Arch", "SA2"),
        ("CT WG4", "CT4"),
        ("C4", "CT4"),
        ("SA WG6", "SA6"),
        ("TSG SA", "SA"),
        ("SA", "SA"),
        ("3GPP TSG CT", "CT"),
        ("RP", "RAN"),
        ("SP", "SA"),
        ("CP", "CT"),
        ("TSG_RAN", "RAN"),
        ("TSGS_87E_Electronic", "SA"),
    ],
)
def test_normalise_group_spellings(text, code):
    assert normalise_group(text) == code


@pytest.mark.parametrize("text", [None, "", "RAN6", "C2", "CT5", "GERAN", "Huawei", "CATT", "WG5"])
def test_unknown_or_closed_groups_are_none(text):
    assert normalise_group(text) is None


def test_group_tree_is_complete_and_consistent():
    codes = [g["code"] for g in GROUPS]
    expected = ["RAN", "RAN1", "RAN2", "RAN3", "RAN4", "RAN5", "SA", "SA1", "SA2", "SA3", "SA4",
                "SA5", "SA6", "CT", "CT1", "CT3", "CT4", "CT6"]  # fmt: skip
    assert codes == expected
    for group in GROUPS:
        assert {"code", "name", "parent", "kind"} <= group.keys()
        if group["kind"] == "tsg":
            assert group["parent"] is None
        else:
            assert group_info(group["parent"])["kind"] == "tsg"
            assert group["code"].startswith(group["parent"])
        # every group's own TDoc prefix and FTP folder read back to it
        assert normalise_group(group["prefix"]) == group["code"]
        assert normalise_group(group["ftp_dir"]) == group["code"]


def test_parent_of():
    assert parent_of("RAN1") == "RAN"
    assert parent_of("CT6") == "CT"
    assert parent_of("SA") is None
    assert parent_of("RAN6") is None


@pytest.mark.parametrize("name", ["officials", "election", "tdocs", "groups", "corporate"])
def test_every_module_exposes_parser_version(name):
    module = importlib.import_module(f"crawlers.parsers.tgpp_{name}")
    assert module.PARSER_VERSION == "1"

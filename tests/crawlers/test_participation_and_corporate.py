"""IEC NP votes stored as participation; 3GPP corporate groups re-parent organisations."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from db.models import AnalystOverride, BallotVote, Post
from tests.conftest import FIXTURES
from tests.helpers import replay_dir

NP = "https://www.iec.ch/dyn/www/f?p=103:52:0::::FSP_ORG_ID,FSP_DOC_ID,FSP_DOC_PIECE_ID:1273,1026728,338343"
CORP = "https://www.3gpp.org/dynareport?code=corporate-groups.htm"


def test_np_votes_are_participation_not_leadership(cli, session, tmp_path):
    root = replay_dir(tmp_path, "np", {NP: FIXTURES / "iec" / "iec_np_vote" / "57_2235_NP.html"})
    cli("crawl", "iec_np_votes", "--replay", root, "--url", NP, "--observed-at", "2020-09-05")
    assert session.scalar(select(func.count(BallotVote.id))) == 3
    assert session.scalar(select(func.count(Post.id))) == 0
    rows = json.loads(cli("participation", "--body", "IEC", "--format", "json").stdout)
    by = {r["country"]: r for r in rows}
    assert by["CN"]["experts_nominated"] == 1 and by["AR"]["experts_nominated"] == 0
    assert by["US"]["approve"] == 0 and by["CN"]["approve"] == 1
    assert json.loads(cli("share", "--body", "IEC", "--format", "json").stdout) == []


def test_corporate_groups_set_parents_and_respect_analysts(cli, session, tmp_path):
    cli("orgs", "add", "example-sub", "Example Subsidiary Ltd", "--registration", "GB", "--by", "tester")
    cli("orgs", "set-parent", "example-sub", "nokia", "--by", "tester")
    page = (FIXTURES / "3gpp" / "tgpp_corporate" / "corporate_groups.html").read_text(encoding="utf-8")
    page = page.replace("</table>", "<tr><td>Huawei Technologies Co., Ltd</td><td>Example Subsidiary Ltd</td>"
                                    "<td>ETSI</td></tr></table>", 1)
    root = replay_dir(tmp_path, "corp", {CORP: page.encode()})
    cli("crawl", "tgpp_corporate_groups", "--replay", root, "--observed-at", "2025-01-10")
    links = session.scalars(select(AnalystOverride).where(AnalystOverride.created_by == "3gpp-corporate-groups")).all()
    assert links and all(link.value["source_url"] == CORP for link in links)
    hisilicon = cli("orgs", "show", "HiSilicon Technologies").stdout
    assert "huawei" in hisilicon.split("chain")[1] and "hq            CN" in hisilicon
    # an analyst's decision is never overridden by the crawl
    assert "nokia" in cli("orgs", "show", "Example Subsidiary Ltd").stdout.split("chain")[1]

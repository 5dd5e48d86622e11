"""ITU-T offline: two replayed management-team crawls, paged contribution listings."""

from __future__ import annotations

import csv
import io
import json

from crawlers.parsers.itu_md import next_page_url
from tests.conftest import FIXTURES
from tests.helpers import replay_dir

MGMT = FIXTURES / "itu" / "itu_mgmt"
MD = FIXTURES / "itu" / "itu_md"
SG13 = "https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Group=13&Period=17"


def test_two_replayed_mgmt_crawls_give_appointment_and_departure(cli, tmp_path):
    for date, page in (("2023-07-15", "sg13_2023-07.html"), ("2024-01-15", "sg13_2024-01.html")):
        root = replay_dir(tmp_path, date, {SG13: MGMT / page})
        cli("crawl", "itu_mgmt", "--replay", root, "--arg", "groups=13", "--arg", "periods=17",
            "--observed-at", date)
    events = list(csv.DictReader(io.StringIO(cli("events", "--body", "ITU-T", "--format", "csv").stdout)))
    assert sorted((e["kind"], e["group"], e["holder"] or e["previous_holder"], e["country"] or e["previous_country"])
                  for e in events) == [
        ("appointment", "SG13", "Na Li", "CN"),
        ("departure", "SG13", "Wei Zhang", "CN"),
    ]
    assert all(e["before_date"] == "2023-07-15" and e["after_date"] == "2024-01-15" for e in events)
    assert all(e["after_url"] == SG13 for e in events)
    # TSB staff never count toward a country's share
    rows = json.loads(cli("share", "--body", "ITU-T", "--as-of", "2024-02-01", "--format", "json").stdout)
    posts = json.loads(cli("posts", "--body", "ITU-T", "--as-of", "2024-02-01", "--format", "json").stdout)
    # `posts --as-of` lists exactly what `share` counts; the staff are stored, listed when asked
    assert sum(r["posts"] for r in rows) == len(posts)
    assert not any(p["role"] == "staff" for p in posts)
    staff = json.loads(cli("posts", "--body", "ITU-T", "--as-of", "2024-02-01", "--role", "staff",
                           "--format", "json").stdout)
    assert staff and all(p["role"] == "staff" for p in staff)
    chair = next(p for p in posts if p["role"] == "chair" and p["group"] == "SG13")
    assert (chair["holder"], chair["country"], chair["country_basis"]) == ("Kazunori Tanikawa", "JP", "listed")


def test_paged_contribution_listing_is_followed(cli, tmp_path):
    page1 = (MD / "t25_sg17_250415_c_page1.html").read_bytes()
    url1 = "https://www.itu.int/md/meetingdoc.asp?lang=en&parent=T25-SG17-250415-C&question=QALL/17"
    url2 = next_page_url(page1, url1)
    assert url2 is not None
    root = replay_dir(tmp_path, "md", {url1: page1, url2: MD / "t25_sg17_250415_c_page2.html"})
    cli("crawl", "itu_md", "--replay", root, "--url", url1, "--observed-at", "2025-05-01")
    rows = json.loads(cli("proposals", "--body", "ITU-T", "--by", "source", "--format", "json").stdout)
    assert rows and all(r["meetings"] == 1 for r in rows)
    assert {r["source_entity"] for r in rows} >= {"China Telecom", "Huawei Technologies Co., Ltd."}

"""Pipelines: validate items, then write them to the run directory.  No database access:
``data/runs/<run_id>/snapshots.jsonl`` plus ``raw/<sha256>`` bodies, read by the importer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from scrapy.exceptions import DropItem

from crawlers.items import REQUIRED


class ValidateSnapshotPipeline:
    def process_item(self, item, spider=None):
        missing = [k for k in REQUIRED if not item.get(k)]
        if missing:
            raise DropItem(f"snapshot item without {missing}")
        return item


class RunWriterPipeline:
    def __init__(self, run_dir: str | None):
        self.run_dir = Path(run_dir) if run_dir else None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("SSO_RUN_DIR"))

    def open_spider(self, spider=None):
        if self.run_dir is None:
            return
        (self.run_dir / "raw").mkdir(parents=True, exist_ok=True)
        self.fh = (self.run_dir / "snapshots.jsonl").open("a", encoding="utf-8")

    def close_spider(self, spider=None):
        if self.run_dir is not None:
            self.fh.close()

    def process_item(self, item, spider=None):
        if self.run_dir is None:
            return item
        body = item.get("body") or b""
        digest = hashlib.sha256(body).hexdigest()
        (self.run_dir / "raw" / digest).write_bytes(body)
        line = {k: v for k, v in item.items() if k != "body"}
        line["raw"] = f"raw/{digest}"
        self.fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.fh.flush()
        self.count += 1
        return item

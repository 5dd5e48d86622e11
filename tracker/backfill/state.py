"""Resumable progress of a backfill: ``<data dir>/backfill/<source>.json``.

Per CDX query (one URL generation and one ``from``/``to`` period) the state keeps the resume
key of the page being worked on and whether the listing is finished; per source, the set of
captures already stored (``timestamp original``).  A page's resume key is only advanced
once every capture of that page is done, so an interrupted run re-lists at most one page
and skips what it already stored.  Written atomically after every capture.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tracker.paths import data_dir

VERSION = 1


def state_path(source: str) -> Path:
    return data_dir() / "backfill" / f"{source}.json"


def query_key(url: str, start: str | None, end: str | None) -> str:
    return f"{url} from={start or ''} to={end or ''}"


@dataclass
class QueryState:
    resume_key: str | None = None  # page to (re)list next; None = the first page
    complete: bool = False
    captures: int = 0  # captures listed so far (complete pages)


@dataclass
class BackfillState:
    source: str
    path: Path
    queries: dict[str, QueryState] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, source: str, path: Path | None = None) -> BackfillState:
        path = path or state_path(source)
        if not path.exists():
            return cls(source, path)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("source") != source:
            raise ValueError(f"{path}: not a version-{VERSION} backfill state of {source!r}")
        queries = {k: QueryState(**v) for k, v in data.get("queries", {}).items()}
        return cls(source, path, queries, set(data.get("done", [])))

    def query(self, key: str) -> QueryState:
        return self.queries.setdefault(key, QueryState())

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": VERSION,
            "source": self.source,
            "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "queries": {k: vars(v) for k, v in sorted(self.queries.items())},
            "done": sorted(self.done),
        }
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

"""Helpers shared by tests: replay directories built from saved pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def replay_dir(tmp_path: Path, name: str, pages: dict[str, Path | bytes], extra: dict | None = None) -> Path:
    """A replay directory serving ``pages`` ({original URL: file or bytes}) via manifest.json."""
    root = tmp_path / name
    root.mkdir(parents=True)
    manifest = []
    for i, (url, page) in enumerate(pages.items()):
        target = root / f"page{i}"
        if isinstance(page, bytes):
            target.write_bytes(page)
        else:
            shutil.copyfile(page, target)
        entry = {"url": url, "file": target.name}
        entry.update((extra or {}).get(url, {}))
        manifest.append(entry)
    (root / "manifest.json").write_text(json.dumps({"pages": manifest}, indent=1))
    return root

"""Where the project's own files live (config, bundled datasets, default data directory)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = Path(os.environ.get("SSO_CONFIG_DIR", ROOT / "config"))
DATASETS_DIR = ROOT / "datasets"


def data_dir() -> Path:
    """The working data directory (database file, crawl runs); ``SSO_DATA_DIR`` overrides."""
    path = Path(os.environ.get("SSO_DATA_DIR", Path.cwd() / "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path

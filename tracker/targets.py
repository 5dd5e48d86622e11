"""What a spider should fetch when the user names none: from config or from the store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.models import GroupIdentifier, GroupVersion
from db.session import session_scope
from tracker.config import load_settings


def active_iso_committee_ids() -> list[str]:
    """ISO ids of the committees the latest ISO Open Data snapshot shows as active."""
    with session_scope() as session:
        q = (
            select(GroupIdentifier.value)
            .join(GroupVersion, GroupVersion.group_id == GroupIdentifier.group_id)
            .where(GroupIdentifier.scheme == "iso-id", GroupVersion.scope == "iso-open-data",
                   GroupVersion.status == "Active", GroupVersion.valid_to.is_(None))
        )
        ids = sorted(set(session.scalars(q)), key=int)
    return ids


def default_spider_args(spider: str, run_dir: Path) -> tuple[list[str] | None, dict]:
    """(start URLs, spider arguments) for a crawl started without --url."""
    settings = load_settings()
    for cfg in settings.sources.values():
        if cfg.get("spider") != spider:
            continue
        if spider == "iso_committees":
            ids = active_iso_committee_ids()
            path = run_dir / "committee_ids.txt"
            path.write_text("\n".join(ids) + "\n")
            return None, {"ids_file": str(path)}
        if spider == "iec_committees" and cfg.get("list_url"):
            return None, {"list_url": cfg["list_url"]}
        return list(cfg.get("urls", [])) or None, {}
    return None, {}

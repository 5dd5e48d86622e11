"""Records (parser output) -> facts the history engine compares between snapshots."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

# Record fields that describe provenance or presentation, not the post itself.
# The group's code and name are not: the post's key holds the group's identity, so a renamed
# committee does not look like a changed post.
_VOLATILE = {
    "source_url", "kind", "identifiers", "parent_identifiers", "group", "group_name", "parent_group",
}


def stable_hash(data: dict) -> str:
    payload = json.dumps(
        {k: v for k, v in data.items() if k not in _VOLATILE}, sort_keys=True, default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class GroupFact:
    body: str
    code: str
    name: str | None
    kind: str | None
    status: str | None
    parent_code: str | None
    created: str | None
    identifiers: dict[str, str] = field(default_factory=dict)
    parent_identifiers: dict[str, str] | None = None
    families: str | None = None

    @property
    def state_hash(self) -> str:
        return stable_hash(
            {"code": self.code, "name": self.name, "status": self.status, "parent": self.parent_code}
        )

    @classmethod
    def from_record(cls, record: dict) -> GroupFact:
        return cls(
            body=record["body"],
            code=record["group"],
            name=record.get("group_name"),
            kind=record.get("group_kind"),
            status=record.get("status"),
            parent_code=record.get("parent_group"),
            created=record.get("created"),
            identifiers=dict(record.get("identifiers") or {}),
            parent_identifiers=record.get("parent_identifiers"),
            families=record.get("families"),
        )


def holder_of(record: dict) -> tuple[str, str] | None:
    """(kind, label) of who holds the post: a person, else a member body, else an organisation."""
    if record.get("person"):
        return "person", record["person"]
    if record.get("member_body"):
        return "member_body", record["member_body"]
    if record.get("organization"):
        return "organization", record["organization"]
    if record.get("unnamed_holder"):
        return "unnamed", f"(name not given; {record.get('country') or 'country unknown'})"
    return None

"""Records (parser output) -> facts the history engine compares between snapshots."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

# What makes a post's record "the same" from one snapshot to the next: who holds it, for whom,
# and what the source states about the term.  Page metadata (URLs, ids, group names, creation
# dates, addresses) is not part of it, so a changed page layout or a renamed committee does
# not look like a changed post.
POST_FIELDS = (
    "role", "role_raw", "person", "organization", "country", "member_body", "partner_org",
    "term_end", "term_start", "term", "start", "end", "elected_on", "subrole", "is_staff",
)


def stable_hash(data: dict, fields: tuple[str, ...] | None = None) -> str:
    keys = fields if fields is not None else sorted(data)
    payload = json.dumps({k: data.get(k) for k in keys}, sort_keys=True, default=str)
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
        return stable_hash({"code": self.code, "name": self.name, "status": self.status,
                            "parent": self.parent_code})

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

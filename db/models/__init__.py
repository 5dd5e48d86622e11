"""The store's tables. Import from here: ``from db.models import Post, Snapshot``."""

from db.models.alerts import AlertDelivery, SourceLock
from db.models.events import ChangeEvent, SourceRun
from db.models.groups import Group, GroupIdentifier, GroupVersion
from db.models.participation import BallotVote
from db.models.parties import (
    MemberBody,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
)
from db.models.posts import Observation, Post, PostAttribution
from db.models.proposals import Document, DocumentSource, ProposalCount
from db.models.review import AnalystOverride, PersonReview
from db.models.snapshots import Snapshot
from db.models.vocab import Body, Role

__all__ = [
    "BallotVote",
    "AlertDelivery",
    "SourceLock",
    "AnalystOverride",
    "PersonReview",
    "Body",
    "ChangeEvent",
    "Document",
    "DocumentSource",
    "Group",
    "GroupIdentifier",
    "GroupVersion",
    "MemberBody",
    "Observation",
    "Organization",
    "OrganizationAlias",
    "Person",
    "PersonAlias",
    "Post",
    "PostAttribution",
    "ProposalCount",
    "Role",
    "Snapshot",
    "SourceRun",
]

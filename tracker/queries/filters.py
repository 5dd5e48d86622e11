"""Filters shared by share, events, exports and the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_

from db.models import Group, GroupVersion
from tracker.normalise.roles import LEADERSHIP_ROLES

# Roles that one member body or person holds alone per group: a group without one is "vacant".
SINGLE_HOLDER_ROLES = {"secretariat", "chair", "secretary"}


@dataclass(frozen=True)
class PostFilter:
    body: str | None = None
    roles: tuple[str, ...] = ()
    group_family: str | None = None  # e.g. "ISO/IEC JTC 1" (the group and its subgroups) or "FG-AI"
    attribution: str | None = None  # None = each post's default basis (fallback order)
    include_inactive: bool = False

    def role_list(self) -> tuple[str, ...]:
        return self.roles or LEADERSHIP_ROLES


def active_at(model, when: dt.date):
    """Interval condition ``valid_from <= when < valid_to`` (open intervals included)."""
    return and_(model.valid_from <= when, or_(model.valid_to.is_(None), model.valid_to > when))


def family_condition(family: str):
    """The group called ``family``, every group below it by reference (``ISO/IEC JTC 1`` ->
    ``ISO/IEC JTC 1/SC 42``), and groups tagged with the family (``FG-AI``, ``AI``)."""
    family = family.strip()
    return or_(
        Group.code == family,
        Group.code.like(f"{family}/%"),
        Group.families.like(f"%|{family}|%"),
    )


def group_active_condition(when: dt.date):
    """A group is active at a date when a version valid then says Active (or says nothing)."""
    from sqlalchemy import exists, select

    version = (
        select(GroupVersion.id)
        .where(GroupVersion.group_id == Group.id, active_at(GroupVersion, when))
    )
    active_version = version.where(or_(GroupVersion.status.is_(None), GroupVersion.status == "Active"))
    return or_(exists(active_version), ~exists(select(GroupVersion.id).where(GroupVersion.group_id == Group.id)))


__all__ = ["PostFilter", "active_at", "family_condition", "group_active_condition"]

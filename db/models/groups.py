"""Groups as a tree (TC → SC → WG; SG → WP → Question; TSG → WG; FG → WG) with dated versions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base


class Group(Base):
    """One committee / study group / working group.  Identity across sources is held by
    :class:`GroupIdentifier` rows (ISO id, IEC org id, …); ``code`` is the current reference."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("body", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(ForeignKey("bodies.slug"), index=True)
    code: Mapped[str] = mapped_column(String(120))
    name: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str | None] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    status: Mapped[str | None] = mapped_column(String(32))
    created_on: Mapped[str | None] = mapped_column(String(10))
    closed_on: Mapped[str | None] = mapped_column(String(10))
    families: Mapped[str | None] = mapped_column(String(200))

    parent: Mapped[Group | None] = relationship(remote_side=[id])
    identifiers: Mapped[list[GroupIdentifier]] = relationship(back_populates="group")


class GroupIdentifier(Base):
    """An external id of a group in one scheme (``iso-id``, ``iec-org-id``, ``code``…)."""

    __tablename__ = "group_identifiers"
    __table_args__ = (UniqueConstraint("scheme", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(200))

    group: Mapped[Group] = relationship(back_populates="identifiers")


class GroupVersion(Base):
    """The state of a group (code, name, status, parent) over ``[valid_from, valid_to)``."""

    __tablename__ = "group_versions"
    __table_args__ = (Index("ix_group_versions_span", "group_id", "valid_from", "valid_to"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    scope: Mapped[str] = mapped_column(String(120), index=True)
    code: Mapped[str] = mapped_column(String(120))
    name: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str | None] = mapped_column(String(32))
    parent_code: Mapped[str | None] = mapped_column(String(120))
    state_hash: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    first_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))
    last_snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))

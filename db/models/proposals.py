"""Proposals: contribution documents with their co-sources, and counts per source entity."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class Document(Base):
    """A contribution (ITU-T C document, 3GPP TDoc) as listed by its body."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("body", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(ForeignKey("bodies.slug"))
    number: Mapped[str] = mapped_column(String(80))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    meeting: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    doc_type: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(40))
    countable: Mapped[bool] = mapped_column(default=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"))


class DocumentSource(Base):
    """One co-source of a document, resolved where possible."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    country: Mapped[str | None] = mapped_column(String(2))
    country_basis: Mapped[str | None] = mapped_column(String(20))
    n_sources: Mapped[int] = mapped_column(Integer, default=1)


class ProposalCount(Base):
    """Counted contributions per (group, meeting, source entity) under one counting method."""

    __tablename__ = "proposal_counts"
    __table_args__ = (UniqueConstraint("group_id", "meeting", "source_entity", "method"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(ForeignKey("bodies.slug"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    meeting: Mapped[str] = mapped_column(String(80))
    period: Mapped[str | None] = mapped_column(String(20))
    source_entity: Mapped[str] = mapped_column(String(300))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    country: Mapped[str | None] = mapped_column(String(2))
    method: Mapped[str] = mapped_column(String(16))  # full | fractional
    count: Mapped[float] = mapped_column(Float)

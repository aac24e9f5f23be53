"""Qualitative coding: the live codebook and its history, coded documents, citations, comparisons.

A citation is one coded passage (`5:39`): offsets in Unicode code points over the document snapshot
it was made on, end exclusive, with the quoted text kept beside them. Each belongs to one layer: a
coder's own (`layer="coder"`, `coder_id` set) or the agreed version (`layer="reconciled"`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow
from interview.models.participants import Participant

LAYER_CODER = "coder"
LAYER_RECONCILED = "reconciled"
KIND_CATEGORY = "category"
KIND_CODE = "code"


class CodebookSource(db.Model):
    """The codebook file the live codebook was seeded from (one row once seeded)."""

    __tablename__ = "codebook_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    codebook_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    seeded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Code(db.Model):
    """A code or category of the live codebook; never deleted (retired or merged instead)."""

    __tablename__ = "codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    key: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default=KIND_CODE)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    colour: Mapped[str] = mapped_column(String(7), default="#f2c94c")
    retired: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CodebookEvent(db.Model):
    """One change to the codebook: who, when, what it was before and after."""

    __tablename__ = "codebook_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(20))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    other_code_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CodingDocument(db.Model):
    """The text of one participant's document as coded: a snapshot, so codings never drift."""

    __tablename__ = "coding_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    source: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    headings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The next citation number of this interview, shared by every coder; never goes back.
    next_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def participant(self) -> Participant | None:
        """The participant whose words these are (a plain read, not a relationship, so the
        participant's erasure never has to know about documents: the foreign key cascades)."""
        return db.session.get(Participant, self.participant_id)


class CodingMark(db.Model):
    """A coder has marked their coding of a document done (blind mode opens on two of these)."""

    __tablename__ = "coding_marks"
    __table_args__ = (UniqueConstraint("document_id", "user_id", name="uq_coding_marks_doc_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("coding_documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


citation_codes = db.Table(
    "citation_codes",
    db.Column("citation_id", ForeignKey("citations.id", ondelete="CASCADE"), primary_key=True),
    db.Column("code_id", ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Citation(db.Model):
    """One coded passage of a document in one layer, with its codes, quote and memo."""

    __tablename__ = "citations"
    __table_args__ = (
        UniqueConstraint("document_id", "layer", "number", name="uq_citations_doc_layer_number"),
        Index("ix_citations_document_layer", "document_id", "layer", "coder_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("coding_documents.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(20), default=LAYER_CODER)
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # None only for a passage merged into another the moment it was made (it never got a number).
    number: Mapped[int | None] = mapped_column()
    start: Mapped[int] = mapped_column()
    end: Mapped[int] = mapped_column()
    quote: Mapped[str] = mapped_column(Text)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("citations.id", ondelete="SET NULL")
    )

    codes: Mapped[list[Code]] = relationship(secondary=citation_codes, order_by=Code.id)


class CodingOperation(db.Model):
    """One request from the coding page, kept by its client id: replays answer the same, undo reverts."""

    __tablename__ = "coding_operations"
    __table_args__ = (Index("ix_coding_operations_doc_user", "document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("coding_documents.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The states of every citation the operation touched, before it ran (None: it did not exist).
    before: Mapped[list[Any]] = mapped_column(JSON, default=list)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    undone: Mapped[bool] = mapped_column(default=False)


class ComparisonSnapshot(db.Model):
    """The figures of one comparison of two coders, kept with its date (weekly meetings)."""

    __tablename__ = "comparison_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    coder_a_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    coder_b_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)

"""redaction: the list of terms replaced in research exports, and decisions on suggestions

Revision ID: 0014_redaction
Revises: 0013_languages
Create Date: 2026-12-02 09:10:00.000000

- redaction_terms: a participant's (or, with no participant, the study's) terms and their kinds.
- redaction_decisions: one decision per suggested term and participant (accepted, dismissed,
  waived by an admin).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_redaction"
down_revision = "0013_languages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "redaction_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "folded"),
    )
    op.create_index("ix_redaction_terms_participant_id", "redaction_terms", ["participant_id"])
    op.create_table(
        "redaction_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "folded"),
    )
    op.create_index(
        "ix_redaction_decisions_participant_id", "redaction_decisions", ["participant_id"]
    )


def downgrade():
    op.drop_index("ix_redaction_decisions_participant_id", table_name="redaction_decisions")
    op.drop_table("redaction_decisions")
    op.drop_index("ix_redaction_terms_participant_id", table_name="redaction_terms")
    op.drop_table("redaction_terms")

"""transcripts: a participant's word-by-word transcript as turns, with its history

Revision ID: 0009_transcripts
Revises: 0008_recording
Create Date: 2026-12-02 05:40:00.000000

- transcripts: one per participant, its version, the offset from its clock to the interview's,
  and where its text came from.
- transcript_turns: speaker (interviewer / participant), start, text, and the question each turn
  sits under (placed by time, or by hand).
- transcript_revisions: the turns a save replaced, so nothing is overwritten without a trace.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_transcripts'
down_revision = '0008_recording'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transcripts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('offset_ms', sa.Integer(), nullable=False),
    sa.Column('source_format', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_transcripts_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_transcripts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcripts')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_transcripts_participant_id'))
    )
    op.create_table('transcript_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('offset_ms', sa.Integer(), nullable=False),
    sa.Column('source_format', sa.String(length=20), nullable=False),
    sa.Column('turns', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['users.id'], name=op.f('fk_transcript_revisions_replaced_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_transcript_revisions_saved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcripts.id'], name=op.f('fk_transcript_revisions_transcript_id_transcripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript_revisions'))
    )
    with op.batch_alter_table('transcript_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transcript_revisions_transcript_id'), ['transcript_id'], unique=False)

    op.create_table('transcript_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transcript_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=20), nullable=False),
    sa.Column('start_ms', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=True),
    sa.Column('placed_by', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['transcript_id'], ['transcripts.id'], name=op.f('fk_transcript_turns_transcript_id_transcripts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transcript_turns')),
    sa.UniqueConstraint('transcript_id', 'position', name=op.f('uq_transcript_turns_transcript_id'))
    )
    with op.batch_alter_table('transcript_turns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transcript_turns_transcript_id'), ['transcript_id'], unique=False)



def downgrade():
    with op.batch_alter_table('transcript_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transcript_turns_transcript_id'))

    op.drop_table('transcript_turns')
    with op.batch_alter_table('transcript_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transcript_revisions_transcript_id'))

    op.drop_table('transcript_revisions')
    op.drop_table('transcripts')

"""recording: the interview's audio, in segments of uploaded chunks

Revision ID: 0008_recording
Revises: 0007_sessions
Create Date: 2026-12-02 02:00:00.000000

- recording_segments: one row per browser recorder (a reload or a pause starts a new one), its
  start on the server's clock, why it ended, and what assembly found (duration, size, checksum).
- recording_chunks: one row per acknowledged upload, unique by (segment, sequence) so a repeated
  upload is recognised; the files live under <instance>/recordings/<participant code>/.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_recording'
down_revision = '0007_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recording_segments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('mime_type', sa.String(length=80), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_by', sa.String(length=20), nullable=True),
    sa.Column('chunk_count', sa.Integer(), nullable=False),
    sa.Column('bytes_received', sa.Integer(), nullable=False),
    sa.Column('assembled_chunks', sa.Integer(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_recording_segments_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recording_segments')),
    sa.UniqueConstraint('client_id', name=op.f('uq_recording_segments_client_id')),
    sa.UniqueConstraint('interview_id', 'number', name=op.f('uq_recording_segments_interview_id'))
    )
    with op.batch_alter_table('recording_segments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recording_segments_interview_id'), ['interview_id'], unique=False)

    op.create_table('recording_chunks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('segment_id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_recording_chunks_interview_id_interviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['segment_id'], ['recording_segments.id'], name=op.f('fk_recording_chunks_segment_id_recording_segments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recording_chunks')),
    sa.UniqueConstraint('segment_id', 'sequence', name=op.f('uq_recording_chunks_segment_id'))
    )
    with op.batch_alter_table('recording_chunks', schema=None) as batch_op:
        batch_op.create_index('ix_recording_chunks_interview_received', ['interview_id', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_recording_chunks_segment_id'), ['segment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recording_chunks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recording_chunks_segment_id'))
        batch_op.drop_index('ix_recording_chunks_interview_received')
    op.drop_table('recording_chunks')
    with op.batch_alter_table('recording_segments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recording_segments_interview_id'))
    op.drop_table('recording_segments')

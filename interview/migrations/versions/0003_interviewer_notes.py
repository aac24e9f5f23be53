"""interviewer's note per question, kept in the answer's history

Revision ID: 0003_interviewer_notes
Revises: 0005_erasure
Create Date: 2026-12-01 23:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_interviewer_notes'
down_revision = '0005_erasure'
branch_labels = None
depends_on = None


def upgrade():
    # Existing answers and revisions get an empty note; the default stays for inserts by SQL.
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interviewer_note', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('answer_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interviewer_note', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('answer_revisions', schema=None) as batch_op:
        batch_op.drop_column('interviewer_note')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('interviewer_note')

"""languages: each account's own interface language

Revision ID: 0013_languages
Revises: 0009_transcripts
Create Date: 2026-12-02 09:00:00.000000

- users.language: the language the person chose for their pages (empty: the browser's, then the
  installation's setting). A participant's language lives in the hand-over state, not here.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_languages'
down_revision = '0009_transcripts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')

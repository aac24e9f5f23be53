"""client ids: an added change or ad-hoc question replayed after an outage is added only once

Revision ID: 0004_client_ids
Revises: 0003_interviewer_notes
Create Date: 2026-12-01 22:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_client_ids'
down_revision = '0003_interviewer_notes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_answers_client_id'), ['client_id'])

    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_changes_client_id'), ['client_id'])


def downgrade():
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_changes_client_id'), type_='unique')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_answers_client_id'), type_='unique')
        batch_op.drop_column('client_id')

"""sessions and access: logins held server-side, atomic password tries, revision authors

Revision ID: 0007_sessions
Revises: 0004_client_ids
Create Date: 2026-12-09 10:00:00.000000

- logins: one row per logged-in browser. The session cookie carries the row's token; logout, a
  disabled account or a new password end the row, and with it every copy of the cookie. The
  participant-mode lock lives in the row, so an older copy of the cookie is locked too.
  Sessions from before this revision carry no token and are logged out once.
- password_tries replaces failed_attempts: one counter row per key, counted up atomically.
  The old rows only slowed guessing for a minute; they are dropped, not carried over.
- answer_revisions.saved_by_id, questionnaire_revisions.saved_by_id: who wrote each earlier
  version (unknown, NULL, for versions kept before this revision).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_sessions'
down_revision = '0004_client_ids'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('logins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handover', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_logins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logins')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_logins_token_hash'))
    )
    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logins_user_id'), ['user_id'], unique=False)

    op.create_table('password_tries',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_password_tries'))
    )
    with op.batch_alter_table('failed_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_failed_attempts_key_at')
    op.drop_table('failed_attempts')

    for table in ('answer_revisions', 'questionnaire_revisions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('saved_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_saved_by_id_users'), 'users', ['saved_by_id'], ['id'],
                ondelete='SET NULL',
            )


def downgrade():
    for table in ('questionnaire_revisions', 'answer_revisions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_saved_by_id_users'), type_='foreignkey')
            batch_op.drop_column('saved_by_id')

    op.create_table('failed_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_attempts'))
    )
    with op.batch_alter_table('failed_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_failed_attempts_key_at', ['key', 'at'], unique=False)
    op.drop_table('password_tries')

    with op.batch_alter_table('logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logins_user_id'))
    op.drop_table('logins')

"""permissions by role: drop the unused pin_hash

Revision ID: 0002_permissions
Revises: 0001
Create Date: 2026-12-02 10:00:00.000000

Roles stay as they are ('admin', 'interviewer'): their permissions now come from the table in
interview/permissions.py, which gives both exactly the rights they had. The new 'analyst'
role needs no schema change (users.role is a String(20)).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_permissions'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('pin_hash')


def downgrade():
    # The older code knows no analysts and would treat them as interviewers (names, consent
    # records): disable those accounts rather than widen their rights.
    users = sa.table('users', sa.column('role', sa.String), sa.column('active', sa.Boolean))
    op.execute(users.update().where(users.c.role == 'analyst').values(active=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_hash', sa.String(length=255), nullable=True))

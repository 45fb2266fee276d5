"""flag on a mail text that failed at send time (issue 13 item 1)

Revision ID: 0016_security
Revises: 0015
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_security'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mail_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failure', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_template', schema=None) as batch_op:
        batch_op.drop_column('failure')
        batch_op.drop_column('failed_at')

"""malware scan status of case files (security.md U-12)

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-22 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('scan_status', sa.String(length=12), server_default='unscanned', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('scan_status')

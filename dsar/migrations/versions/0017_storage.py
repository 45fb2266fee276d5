"""one file store: case files and hand-added datasets record the key their file is encrypted under
(empty: stored in clear before the store, until ``flask dsar storage migrate``); attachments and
hand-added datasets record their malware scan

Revision ID: 0017_storage
Revises: 0017_fees
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_storage'
down_revision = '0017_fees'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))
    with op.batch_alter_table('manual_dataset', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column('scan_status', sa.String(length=12), server_default='unscanned', nullable=False)
        )
    with op.batch_alter_table('case_attachment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('scan_status', sa.String(length=12), server_default='unscanned', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('case_attachment', schema=None) as batch_op:
        batch_op.drop_column('scan_status')
    with op.batch_alter_table('manual_dataset', schema=None) as batch_op:
        batch_op.drop_column('scan_status')
        batch_op.drop_column('key_id')
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('key_id')

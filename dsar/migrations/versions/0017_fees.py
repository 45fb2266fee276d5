"""fees: an approved Art. 12(5) / 15(3) fee is announced to the requester, then paid, withdrawn or
waived

Revision ID: 0017_fees
Revises: 0016_guards
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_fees'
down_revision = '0016_guards'
branch_labels = None
depends_on = None

FEE_STATUS_CHECK = (
    "fee_status IS NULL OR (kind = 'fee' AND status = 'approved' "
    "AND fee_status IN ('notified', 'paid', 'withdrawn', 'waived'))"
)


def upgrade():
    with op.batch_alter_table('art12_5_approval', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fee_status', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('fee_notified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fee_settled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fee_settled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_art12_5_approval_fee_settled_by_id_staff_user'),
            'staff_user', ['fee_settled_by_id'], ['id'],
        )
        batch_op.create_check_constraint('fee_status', FEE_STATUS_CHECK)


def downgrade():
    with op.batch_alter_table('art12_5_approval', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_art12_5_approval_fee_status'), type_='check')
        batch_op.drop_constraint(
            op.f('fk_art12_5_approval_fee_settled_by_id_staff_user'), type_='foreignkey'
        )
        for column in ('fee_settled_by_id', 'fee_settled_at', 'fee_notified_at', 'fee_status'):
            batch_op.drop_column(column)

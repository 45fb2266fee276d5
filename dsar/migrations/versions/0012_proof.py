"""proof: legal holds, tombstones of purged cases, audit trail date index

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-22 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_hold',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lift_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_legal_hold_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['staff_user.id'], name=op.f('fk_legal_hold_lifted_by_id_staff_user')),
    sa.ForeignKeyConstraint(['set_by_id'], ['staff_user.id'], name=op.f('fk_legal_hold_set_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_hold'))
    )
    with op.batch_alter_table('legal_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_hold_case_id'), ['case_id'], unique=False)

    op.create_table('case_tombstone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('client_controller_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('receipt_date', sa.Date(), nullable=False),
    sa.Column('one_month_due', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('extended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_tombstone')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_tombstone_case_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_case_tombstone_reference'))
    )
    with op.batch_alter_table('case_tombstone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_tombstone_receipt_date'), ['receipt_date'], unique=False)

    op.create_table('tombstone_right',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tombstone_id', sa.Integer(), nullable=False),
    sa.Column('right', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['tombstone_id'], ['case_tombstone.id'], name=op.f('fk_tombstone_right_tombstone_id_case_tombstone'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tombstone_right'))
    )
    with op.batch_alter_table('tombstone_right', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tombstone_right_tombstone_id'), ['tombstone_id'], unique=False)

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
    with op.batch_alter_table('tombstone_right', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tombstone_right_tombstone_id'))
    op.drop_table('tombstone_right')
    with op.batch_alter_table('case_tombstone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_tombstone_receipt_date'))
    op.drop_table('case_tombstone')
    with op.batch_alter_table('legal_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_hold_case_id'))
    op.drop_table('legal_hold')

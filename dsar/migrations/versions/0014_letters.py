"""letters: Art. 20(2) direct transmissions

Revision ID: 0014
Revises: 0012
Create Date: 2026-11-22 00:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('direct_transmission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('sub_request_id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('case_file_id', sa.Integer(), nullable=True),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('awaiting_confirmation', 'sent', 'refused', 'superseded')", name=op.f('ck_direct_transmission_status')),
    sa.CheckConstraint("status != 'refused' OR refusal_reason IS NOT NULL", name=op.f('ck_direct_transmission_refusal_reason')),
    sa.CheckConstraint("status = 'refused' OR (case_file_id IS NOT NULL AND recipient_email IS NOT NULL)", name=op.f('ck_direct_transmission_sendable')),
    sa.ForeignKeyConstraint(['case_file_id'], ['case_file.id'], name=op.f('fk_direct_transmission_case_file_id_case_file'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_direct_transmission_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['staff_user.id'], name=op.f('fk_direct_transmission_requested_by_id_staff_user')),
    sa.ForeignKeyConstraint(['sub_request_id'], ['sub_request.id'], name=op.f('fk_direct_transmission_sub_request_id_sub_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direct_transmission')),
    sa.UniqueConstraint('public_id', name=op.f('uq_direct_transmission_public_id'))
    )
    with op.batch_alter_table('direct_transmission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direct_transmission_case_id'), ['case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('direct_transmission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direct_transmission_case_id'))

    op.drop_table('direct_transmission')

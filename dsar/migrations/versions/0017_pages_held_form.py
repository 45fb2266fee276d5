"""held form: what a staff member typed into a form that a fresh sign-in interrupted

Revision ID: 0017_pages_held_form
Revises: 0017_storage
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_pages_held_form'
down_revision = '0017_storage'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'held_form',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('staff_user_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=300), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['staff_user_id'], ['staff_user.id'], name=op.f('fk_held_form_staff_user_id_staff_user'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_held_form')),
    )
    with op.batch_alter_table('held_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_form_staff_user_id'), ['staff_user_id'], unique=False)


def downgrade():
    op.drop_table('held_form')

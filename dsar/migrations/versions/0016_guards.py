"""legal guards: the client controller's instruction on the case, "answer on our behalf" as an
instruction, translations of the record of processing, restriction (Art. 18) as a state of a right, the Art. 21(3) suppression list

Revision ID: 0016_guards
Revises: 0016_mailbox
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_guards'
down_revision = '0016_mailbox'
branch_labels = None
depends_on = None

OLD_INSTRUCTIONS = "'controller_answers', 'processor_exports', 'processor_executes', 'no_data_held'"
NEW_INSTRUCTIONS = OLD_INSTRUCTIONS + ", 'processor_answers'"


def _instruction_check(values):
    return f"instruction IS NULL OR instruction IN ({values})"


def upgrade():
    op.create_table(
        'suppression_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('identifier_kind', sa.String(length=8), nullable=False),
        sa.Column('identifier_sha256', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=24), nullable=False),
        sa.Column('case_reference', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suppression_entry')),
        sa.UniqueConstraint('identifier_sha256', 'scope', name=op.f('uq_suppression_entry_identifier_scope')),
    )
    with op.batch_alter_table('suppression_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suppression_entry_identifier_sha256'), ['identifier_sha256'])
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('controller_instruction', sa.String(length=32), nullable=True))
    with op.batch_alter_table('forward', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_forward_instruction'), type_='check')
        batch_op.create_check_constraint('instruction', _instruction_check(NEW_INSTRUCTIONS))
    with op.batch_alter_table('sub_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restriction_ground', sa.String(length=24), nullable=True))
        for column in ('restricted_at', 'restriction_lift_notice_at', 'restriction_lifted_at'):
            batch_op.add_column(sa.Column(column, sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('processing_activity', schema=None) as batch_op:
        # {"nl": {"purpose": ..., ...}, "fr": {...}}: the activity in the requester's language.
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=True))


def downgrade():
    op.drop_table('suppression_entry')
    with op.batch_alter_table('processing_activity', schema=None) as batch_op:
        batch_op.drop_column('translations')
    with op.batch_alter_table('sub_request', schema=None) as batch_op:
        for column in ('restriction_ground', 'restricted_at', 'restriction_lift_notice_at',
                       'restriction_lifted_at'):
            batch_op.drop_column(column)
    with op.batch_alter_table('forward', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_forward_instruction'), type_='check')
        batch_op.create_check_constraint('instruction', _instruction_check(OLD_INSTRUCTIONS))
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('controller_instruction')

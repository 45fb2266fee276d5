"""requests by e-mail: the mailbox cursor, incoming mail and its attachments

Revision ID: 0016_mailbox
Revises: 0016_api
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_mailbox'
down_revision = '0016_api'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mailbox_cursor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('folder', sa.String(length=200), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_fetch_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailbox_cursor')),
    sa.UniqueConstraint('folder', name=op.f('uq_mailbox_cursor_folder'))
    )
    op.create_table('incoming_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('raw_key', sa.String(length=32), nullable=True),
    sa.Column('key_id', sa.String(length=16), nullable=True),
    sa.Column('scan_status', sa.String(length=12), nullable=False),
    sa.Column('scan_signature', sa.String(length=200), nullable=True),
    sa.Column('from_address', sa.String(length=254), nullable=False),
    sa.Column('from_name', sa.String(length=200), nullable=False),
    sa.Column('reply_to', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('thread_ids', sa.JSON(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('suggested_rights', sa.JSON(), nullable=False),
    sa.Column('identifiers', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('settled_by_id', sa.Integer(), nullable=True),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismiss_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('waiting', 'registered', 'joined', 'not_request')", name=op.f('ck_incoming_mail_status')),
    sa.CheckConstraint("(status = 'waiting') OR (status = 'not_request' AND dismiss_reason IS NOT NULL) OR (status IN ('registered', 'joined') AND case_id IS NOT NULL)", name=op.f('ck_incoming_mail_settled')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_incoming_mail_case_id_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['settled_by_id'], ['staff_user.id'], name=op.f('fk_incoming_mail_settled_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incoming_mail')),
    sa.UniqueConstraint('uidvalidity', 'uid', name='uq_incoming_mail_uidvalidity_uid'),
    sa.UniqueConstraint('raw_key', name=op.f('uq_incoming_mail_raw_key'))
    )
    with op.batch_alter_table('incoming_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incoming_mail_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mail_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incoming_mail_raw_sha256'), ['raw_sha256'], unique=False)
        batch_op.create_index('ix_incoming_mail_queue', ['status', 'received_at'], unique=False)

    op.create_table('mail_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('storage_key', sa.String(length=32), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['mail_id'], ['incoming_mail.id'], name=op.f('fk_mail_part_mail_id_incoming_mail'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_part')),
    sa.UniqueConstraint('public_id', name=op.f('uq_mail_part_public_id')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_mail_part_storage_key'))
    )
    with op.batch_alter_table('mail_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_part_mail_id'), ['mail_id'], unique=False)


def downgrade():
    op.drop_table('mail_part')
    op.drop_table('incoming_mail')
    op.drop_table('mailbox_cursor')

"""periodic lease: one tick at a time across processes; index of the open cases for the queue

Revision ID: 0016_perf
Revises: 0016_security
Create Date: 2026-11-30 03:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_perf"
down_revision = "0016_security"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "periodic_lease",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=96), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_periodic_lease")),
    )
    open_cases = sa.text("closed_at IS NULL")
    op.create_index(
        "ix_case_open_due", "case", ["due_date", "id"], postgresql_where=open_cases, sqlite_where=open_cases
    )


def downgrade():
    op.drop_index("ix_case_open_due", table_name="case")
    op.drop_table("periodic_lease")

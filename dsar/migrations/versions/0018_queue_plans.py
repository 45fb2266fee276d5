"""queue plans: open cases read through ix_case_open_due alone, a partial index of closed cases

ix_case_queue (closed_at, due_date, id) misled SQLite's planner at a million cases: its statistics
average over every closed_at value, so "closed_at IS NULL" looked like six rows, and a search by
e-mail walked all open cases in due-date order instead of using the e-mail index (0.9 s a page).
The partial index of the open cases (0016_perf) serves every queue page; the retention purge reads
closed cases by closing time through ix_case_closed_at, which open-case queries cannot pick.

Revision ID: 0018_queue_plans
Revises: 0017_pages_held_form
Create Date: 2026-11-30 14:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_queue_plans"
down_revision = "0017_pages_held_form"
branch_labels = None
depends_on = None


def upgrade():
    closed_cases = sa.text("closed_at IS NOT NULL")
    op.drop_index("ix_case_queue", table_name="case")
    op.create_index(
        "ix_case_closed_at", "case", ["closed_at"], postgresql_where=closed_cases, sqlite_where=closed_cases
    )
    op.execute('ANALYZE "case"')  # fresh planner statistics for the indexes as they now are


def downgrade():
    op.drop_index("ix_case_closed_at", table_name="case")
    op.create_index("ix_case_queue", "case", ["closed_at", "due_date", "id"], unique=False)

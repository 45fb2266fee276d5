"""On PostgreSQL the portal's own role may only append to the audit trail (security.md Z-05, issue 13
item 2): scripts/postgres_roles.sql, run with psql as the README says, leaves it no UPDATE, DELETE or
TRUNCATE there, while the portal connected as that role still records and verifies the trail."""

from __future__ import annotations

import os
import secrets
import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from dsar.config import PROJECT_ROOT
from dsar.core import audit
from dsar.core.db import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("DSAR_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (DSAR_TEST_DATABASE_URL)",
)


@pytest.fixture
def app_role(migrated, make_app):
    """A login role for the portal, given its privileges by the script as the schema's owner. The
    trail's head row is there, as migration 0007 leaves it (make_app emptied every table)."""
    owner_url = make_url(migrated)
    name, password = f"dsar_app_{secrets.token_hex(4)}", secrets.token_hex(16)
    owner = create_engine(owner_url)
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'"))
        connection.execute(
            text(
                "INSERT INTO audit_head (id, count, last_mac) VALUES (1, 0, :genesis) ON CONFLICT DO NOTHING"
            ),
            {"genesis": audit.GENESIS},
        )
    script = PROJECT_ROOT / "scripts" / "postgres_roles.sql"
    psql_url = owner_url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(
        [
            "psql",
            psql_url,
            "-v",
            f"owner_role={owner_url.username}",
            "-v",
            f"app_role={name}",
            "-f",
            str(script),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    yield owner_url.set(username=name, password=password).render_as_string(hide_password=False)
    with owner.begin() as connection:
        connection.execute(text(f"DROP OWNED BY {name}"))
        connection.execute(text(f"DROP ROLE {name}"))
    owner.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_entry",
        "UPDATE audit_entry SET actor_id = 2",
        "TRUNCATE audit_entry",
        "DELETE FROM audit_head",
        "TRUNCATE audit_head",
        "DROP TABLE audit_entry",
        "UPDATE alembic_version SET version_num = 'x'",
    ],
)
def test_the_portal_role_cannot_rewrite_the_trail_but_still_appends(make_app, app_role, statement):
    app = make_app(DATABASE_URL=app_role)
    with app.app_context():
        audit.record("case.viewed", actor_id=1, case_id=7)
        db.session.commit()
        with pytest.raises(ProgrammingError, match="permission denied|must be owner"):
            db.session.execute(text(statement))
        db.session.rollback()
        audit.record("case.viewed", actor_id=1, case_id=8)
        db.session.commit()
        verdict = audit.verify()
        assert verdict.ok and verdict.checked == 2

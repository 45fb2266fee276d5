-- Privileges of the portal's two PostgreSQL roles (security.md Z-05, OWASP ASVS 16.4.2).
--
-- The owner role owns the schema and runs the migrations (flask dsar init, flask db upgrade). The
-- application role (gunicorn, rq workers, cron) reads and writes the data, but may only append to
-- the audit trail: no UPDATE, DELETE or TRUNCATE on audit_entry, and only the head row's update
-- that every append needs on audit_head (a reset head is caught by the anchors). It cannot change
-- the schema or the migration version either.
--
-- Run as the owner (or a superuser) once, and again after every upgrade:
--   psql "$OWNER_DATABASE_URL" -v owner_role=dsar_owner -v app_role=dsar_app -f scripts/postgres_roles.sql
\set ON_ERROR_STOP on

GRANT USAGE ON SCHEMA public TO :"app_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC, :"app_role";

-- Everything the portal keeps, now and in tables later migrations create.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The audit trail: read and append only.
REVOKE ALL ON audit_entry, audit_head FROM PUBLIC, :"app_role";
GRANT SELECT, INSERT ON audit_entry TO :"app_role";
GRANT SELECT, UPDATE ON audit_head TO :"app_role";

-- The migration version belongs to the owner.
REVOKE ALL ON alembic_version FROM PUBLIC, :"app_role";
GRANT SELECT ON alembic_version TO :"app_role";

-- SchoolBot's PostgreSQL roles (docs/security.md). Run by psql as a superuser, connected to SchoolBot's
-- database: by the postgres image on its first start (mounted into /docker-entrypoint-initdb.d), by
-- scripts/restore.sh on a restored database, or by hand on an existing installation:
--   docker compose exec -T postgres psql -U <superuser> -d schoolbot -f /docker-entrypoint-initdb.d/10-schoolbot-roles.sql
-- Idempotent: roles are created when missing, their passwords set when given, and every table, view and
-- sequence of the schema `public` is handed to the owner role (an installation from before the roles had
-- them owned by the superuser).
--
--   owner role (SCHOOLBOT_DB_OWNER, schoolbot_owner): owns the database, the schema and its tables; runs the
--     migrations and (re)builds the read-model tables. No SUPERUSER, CREATEDB, CREATEROLE, REPLICATION.
--   app role (SCHOOLBOT_DB_USER, schoolbot_app): what the webhook-facing bot connects as. Reads and writes
--     rows (SELECT, INSERT, UPDATE, DELETE; sequences), including in tables created later (default
--     privileges), and nothing else: no CREATE on the schema, so no CREATE/ALTER/DROP of anything.
-- Passwords come from the environment (SCHOOLBOT_DB_OWNER_PASSWORD, SCHOOLBOT_DB_PASSWORD), never from the
-- command line. A role that exists keeps its password when none is given.
\set ON_ERROR_STOP on
\set QUIET on

\getenv owner_role SCHOOLBOT_DB_OWNER
\if :{?owner_role}
\else
\set owner_role schoolbot_owner
\endif
\getenv app_role SCHOOLBOT_DB_USER
\if :{?app_role}
\else
\set app_role schoolbot_app
\endif
\getenv owner_password SCHOOLBOT_DB_OWNER_PASSWORD
\if :{?owner_password}
\else
\set owner_password ''
\endif
\getenv app_password SCHOOLBOT_DB_PASSWORD
\if :{?app_password}
\else
\set app_password ''
\endif

-- Refuse what would weaken the split: the same name twice, or demoting the superuser running this.
SELECT :'owner_role' = :'app_role' OR :'owner_role' = current_user OR :'app_role' = current_user AS bad_names \gset
\if :bad_names
\echo 'schoolbot roles: SCHOOLBOT_DB_OWNER and SCHOOLBOT_DB_USER must be two roles other than the superuser running this script'
SELECT 1 / 0 AS stop;
\endif
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_role') AND :'owner_password' = ''
    OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') AND :'app_password' = '' AS missing_password \gset
\if :missing_password
\echo 'schoolbot roles: a role to create needs its password: set SCHOOLBOT_DB_OWNER_PASSWORD and SCHOOLBOT_DB_PASSWORD'
SELECT 1 / 0 AS stop;
\endif

BEGIN;

SELECT format('CREATE ROLE %I LOGIN', name)
  FROM (VALUES (:'owner_role'), (:'app_role')) AS wanted(name)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) \gexec
-- Also for roles that existed: neither may do more than its job.
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT', name)
  FROM (VALUES (:'owner_role'), (:'app_role')) AS wanted(name) \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', name, password)
  FROM (VALUES (:'owner_role', :'owner_password'), (:'app_role', :'app_password')) AS wanted(name, password)
 WHERE password <> '' \gexec

-- The owner owns the database and the schema; nobody else may create in it.
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner_role') \gexec
ALTER SCHEMA public OWNER TO :"owner_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM :"app_role";
SELECT format('REVOKE CREATE ON DATABASE %I FROM PUBLIC, %I', current_database(), :'app_role') \gexec

-- Objects made before the roles (or restored by a superuser) move to the owner. Sequences that belong to a
-- table column move with their table.
SELECT format('ALTER %s %I.%I OWNER TO %I',
              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
              n.nspname, c.relname, :'owner_role')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :'owner_role')
   AND NOT (c.relkind = 'S' AND EXISTS (
         SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
 ORDER BY c.relkind = 'S', c.relname \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, :'owner_role')
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public'
   AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = :'owner_role')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') \gexec

-- The app role: rows only, in today's tables and in every table the owner creates later.
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";

COMMIT;
\echo 'schoolbot roles: owner' :owner_role ', app' :app_role 'ready in database' :DBNAME

-- Every change to what the public site shows tells the portal instances, whoever
-- makes it: the portal, `load-content`, a script, a DBA with psql. Statement-level
-- triggers send one notification per statement on the channel the page caches
-- listen to (payload: the table). Tables only the admin area reads (accounts,
-- sessions, login counts, secrets, import jobs) are left out: they change on every
-- login and request and would empty the caches for nothing.
-- A table added by a later migration needs the same trigger (a test checks this).

CREATE FUNCTION notify_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sachstand_changes', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT tablename FROM pg_tables
        WHERE schemaname = 'public'
          AND tablename NOT IN ('_sqlx_migrations', 'app_secrets', 'import_jobs', 'login_failures', 'sessions',
                                'users', 'user_action_fields', 'user_projects')
    LOOP
        EXECUTE format(
            'CREATE TRIGGER notify_public_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION notify_public_change()', t);
    END LOOP;
END
$$;

-- Change notifications that say which rows changed, so that a change to one
-- project drops the cached pages that show that project (and the lists and
-- figures), not the pages of 12,000 unrelated projects and services.
--
-- Payload: the table, then for each topic the ids of the rows the statement
-- touched, before and after: `milestones|project=42`,
-- `project_services|project=42|service=7`. A statement that touched no row
-- sends `table|` (nothing to drop). Too many ids for one notification (the
-- payload must stay below 8000 bytes) become `topic=*`. TRUNCATE keeps the
-- plain trigger of 0006 (payload: the table alone, which drops every page), and
-- so do tables without a topic (strategy texts, action fields, the city).
-- The page cache reads the payload in `page_cache::shows`.

-- Arguments: pairs of (topic, SQL expression over a row giving that topic's id).
CREATE FUNCTION notify_scoped_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text := TG_TABLE_NAME || '|';
    everything text := TG_TABLE_NAME || '|';
    rows_sql text;
    ids text;
    i int := 0;
BEGIN
    WHILE i < TG_NARGS LOOP
        rows_sql := CASE TG_OP
            WHEN 'INSERT' THEN format('SELECT %s AS id FROM new_rows', TG_ARGV[i + 1])
            WHEN 'DELETE' THEN format('SELECT %s AS id FROM old_rows', TG_ARGV[i + 1])
            ELSE format('SELECT %1$s AS id FROM new_rows UNION SELECT %1$s FROM old_rows', TG_ARGV[i + 1])
        END;
        EXECUTE format('SELECT string_agg(DISTINCT id::text, '','') FROM (%s) s WHERE id IS NOT NULL', rows_sql)
            INTO ids;
        IF ids IS NOT NULL THEN
            payload := payload || CASE WHEN right(payload, 1) = '|' THEN '' ELSE '|' END || TG_ARGV[i] || '=' || ids;
            everything := everything || CASE WHEN right(everything, 1) = '|' THEN '' ELSE '|' END || TG_ARGV[i] || '=*';
        END IF;
        i := i + 2;
    END LOOP;
    IF octet_length(payload) > 7900 THEN
        payload := everything;
    END IF;
    PERFORM pg_notify('sachstand_changes', payload);
    RETURN NULL;
END
$$;

-- Derived tallies change only together with the rows they count, whose own
-- notifications already say what changed.
DROP TRIGGER notify_public_change ON project_tallies;
DROP TRIGGER notify_public_change ON service_tallies;
DROP TRIGGER notify_public_change ON milestone_tallies;

DO $$
DECLARE
    scope record;
BEGIN
    FOR scope IN
        SELECT * FROM (VALUES
            ('projects',              ARRAY['project', 'id']),
            ('milestones',            ARRAY['project', 'project_id']),
            ('smart_goals',           ARRAY['project', 'project_id']),
            ('measures',              ARRAY['project', 'project_id']),
            ('project_updates',       ARRAY['project', 'project_id']),
            ('final_reports',         ARRAY['project', 'project_id']),
            ('project_action_fields', ARRAY['project', 'project_id']),
            ('project_themes',        ARRAY['project', 'project_id']),
            ('project_services',      ARRAY['project', 'project_id', 'service', 'service_id']),
            ('services',              ARRAY['service', 'id']),
            ('service_case_counts',   ARRAY['service', 'service_id']),
            ('council_inquiries',     ARRAY['inquiry', 'id']),
            ('inquiry_items',         ARRAY['inquiry', 'inquiry_id']),
            ('inquiry_projects',      ARRAY['inquiry', 'inquiry_id', 'project', 'project_id']),
            ('inquiry_services',      ARRAY['inquiry', 'inquiry_id', 'service', 'service_id']),
            ('annual_reports',        ARRAY['report', 'id']),
            -- The public history of a project page is read from the audit log.
            ('audit_log',             ARRAY['project',
                'CASE entity WHEN ''projects'' THEN entity_id '
                'WHEN ''milestones'' THEN (coalesce(after, before)->>''project_id'')::bigint END'])
        ) AS s(tablename, args)
    LOOP
        EXECUTE format('DROP TRIGGER notify_public_change ON %I', scope.tablename);
        EXECUTE format('CREATE TRIGGER notify_public_change AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_public_change()', scope.tablename);
        EXECUTE format('CREATE TRIGGER notify_scoped_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)',
                       scope.tablename, (SELECT string_agg(quote_literal(a), ', ') FROM unnest(scope.args) a));
        EXECUTE format('CREATE TRIGGER notify_scoped_update AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)',
                       scope.tablename, (SELECT string_agg(quote_literal(a), ', ') FROM unnest(scope.args) a));
        EXECUTE format('CREATE TRIGGER notify_scoped_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)',
                       scope.tablename, (SELECT string_agg(quote_literal(a), ', ') FROM unnest(scope.args) a));
    END LOOP;
END
$$;

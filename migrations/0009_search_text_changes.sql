-- Search results show a record's title, text and address and are ranked by
-- its text; a change to a project's status or progress does not alter them.
-- Changes to projects and services now also name the rows whose searchable
-- text changed (topics `project_text`, `service_text`), so that the cached
-- search pages survive the most common edits (status, progress, dates).
--
-- An argument pair (topic, 'changed:col1,col2') names the rows where one of
-- those columns differs between before and after (every row on INSERT and
-- DELETE); other pairs are as in 0008.

CREATE OR REPLACE FUNCTION notify_scoped_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text := TG_TABLE_NAME || '|';
    everything text := TG_TABLE_NAME || '|';
    rows_sql text;
    ids text;
    columns text;
    i int := 0;
BEGIN
    WHILE i < TG_NARGS LOOP
        IF TG_ARGV[i + 1] LIKE 'changed:%' THEN
            columns := substr(TG_ARGV[i + 1], length('changed:') + 1);
            rows_sql := CASE TG_OP
                WHEN 'INSERT' THEN 'SELECT id FROM new_rows'
                WHEN 'DELETE' THEN 'SELECT id FROM old_rows'
                ELSE format('SELECT n.id FROM new_rows n JOIN old_rows o USING (id) '
                            'WHERE (%s) IS DISTINCT FROM (%s)',
                            (SELECT string_agg('n.' || quote_ident(c), ', ') FROM unnest(string_to_array(columns, ',')) c),
                            (SELECT string_agg('o.' || quote_ident(c), ', ') FROM unnest(string_to_array(columns, ',')) c))
            END;
        ELSE
            rows_sql := CASE TG_OP
                WHEN 'INSERT' THEN format('SELECT %s AS id FROM new_rows', TG_ARGV[i + 1])
                WHEN 'DELETE' THEN format('SELECT %s AS id FROM old_rows', TG_ARGV[i + 1])
                ELSE format('SELECT %1$s AS id FROM new_rows UNION SELECT %1$s FROM old_rows', TG_ARGV[i + 1])
            END;
        END IF;
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

DO $$
DECLARE
    scope record;
    args text;
BEGIN
    FOR scope IN
        SELECT * FROM (VALUES
            ('projects', ARRAY['project', 'id', 'project_text',
                               'changed:slug,title,summary_md,description_md,archived_at,illustrative,city_id']),
            ('services', ARRAY['service', 'id', 'service_text',
                               'changed:slug,name,life_situation,description_md,archived_at,illustrative,city_id'])
        ) AS s(tablename, args)
    LOOP
        args := (SELECT string_agg(quote_literal(a), ', ') FROM unnest(scope.args) a);
        EXECUTE format('DROP TRIGGER notify_scoped_insert ON %I', scope.tablename);
        EXECUTE format('DROP TRIGGER notify_scoped_update ON %I', scope.tablename);
        EXECUTE format('DROP TRIGGER notify_scoped_delete ON %I', scope.tablename);
        EXECUTE format('CREATE TRIGGER notify_scoped_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', scope.tablename, args);
        EXECUTE format('CREATE TRIGGER notify_scoped_update AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', scope.tablename, args);
        EXECUTE format('CREATE TRIGGER notify_scoped_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION notify_scoped_change(%s)', scope.tablename, args);
    END LOOP;
END
$$;

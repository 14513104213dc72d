-- English texts of a city's content where the city provides them (issue 14):
-- `en` holds {"title": …, "summary": …, "body": …} (each optional; Markdown in
-- "body"). Where a text is missing the English page shows the German one,
-- marked lang="de". One jsonb column instead of three per table: the set of
-- translated fields differs by record type, and most records have none.

DO $do$
DECLARE
    t text;
    cols text;
BEGIN
    FOREACH t IN ARRAY ARRAY['strategies', 'goals', 'guidelines', 'cross_cutting_themes', 'action_fields', 'projects'] LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN en jsonb NOT NULL DEFAULT ''{}''::jsonb '
            'CHECK (jsonb_typeof(en) = ''object'')', t);
        EXECUTE format('ALTER TABLE %I ADD COLUMN en jsonb NOT NULL DEFAULT ''{}''::jsonb', t || '_versions');
        -- The versions triggers name their columns: written again with the new one (0015's
        -- function), and the dated view with it (the new column is last, so the view is replaced).
        PERFORM create_versions_triggers(t, true);
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
        FROM pg_attribute WHERE attrelid = t::regclass AND attnum > 0 AND NOT attisdropped;
        EXECUTE format('CREATE OR REPLACE VIEW asof.%I AS SELECT %s FROM public.%I WHERE valid @> public.as_of_moment()',
            t, cols, t || '_versions');
    END LOOP;
    ALTER TABLE pages ADD COLUMN en jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(en) = 'object');
END
$do$;

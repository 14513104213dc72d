-- Dated key figures without recounting the past (issue 12). The `asof` views
-- of 0013 counted a past day's tallies from the dated records: 5,000 projects
-- or 50,000 milestones read through the validity index on every dated page
-- (85-130 ms for the milestones alone). Now the tallies have versions of their
-- own, like the records: written by the same triggers while the tallies change,
-- and rebuilt from the records' versions by `rebuild_tally_versions` wherever
-- the past is written directly (a content load's dated history, `generate`).
-- A past day's figures are then the few tally rows valid at its moment.

-- Online services by maturity model and level: the catalogue's chart counts its
-- current month from here instead of from every service (or every dated one).
CREATE TABLE service_level_tallies (
    city_id        bigint   NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    maturity_model text     NOT NULL,
    maturity       smallint NOT NULL,
    n              bigint   NOT NULL,
    PRIMARY KEY (city_id, maturity_model, maturity)
);
INSERT INTO service_level_tallies
SELECT city_id, maturity_model, maturity, count(*) FROM services
WHERE archived_at IS NULL AND status IN ('online', 'online_rework') GROUP BY 1, 2, 3;

CREATE OR REPLACE FUNCTION tally_services(gone services[], came services[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO service_tallies AS t (city_id, online, ozg_level, n)
    SELECT city_id, online, ozg_level, sum(d) FROM (
        SELECT city_id, status IN ('online', 'online_rework') AS online,
               status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3 AS ozg_level, -1 AS d
        FROM unnest(gone) WHERE archived_at IS NULL
        UNION ALL
        SELECT city_id, status IN ('online', 'online_rework'),
               status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3, 1
        FROM unnest(came) WHERE archived_at IS NULL
    ) delta
    GROUP BY city_id, online, ozg_level HAVING sum(d) <> 0
    ORDER BY city_id, online, ozg_level
    ON CONFLICT (city_id, online, ozg_level) DO UPDATE SET n = t.n + EXCLUDED.n;

    INSERT INTO service_level_tallies AS t (city_id, maturity_model, maturity, n)
    SELECT city_id, maturity_model, maturity, sum(d) FROM (
        SELECT city_id, maturity_model, maturity, -1 AS d FROM unnest(gone)
        WHERE archived_at IS NULL AND status IN ('online', 'online_rework')
        UNION ALL
        SELECT city_id, maturity_model, maturity, 1 FROM unnest(came)
        WHERE archived_at IS NULL AND status IN ('online', 'online_rework')
    ) delta
    GROUP BY city_id, maturity_model, maturity HAVING sum(d) <> 0
    ORDER BY city_id, maturity_model, maturity
    ON CONFLICT (city_id, maturity_model, maturity) DO UPDATE SET n = t.n + EXCLUDED.n;
$$;

-- The versions triggers, written for any versioned table `t` (`content`: its
-- versions may come from the content, which a trigger never replaces). Two
-- writers of one row: the one whose transaction started later may commit first;
-- the other then closes that version. `now()` is the start of the transaction,
-- so instead of a range that ends before it begins (an error that failed
-- concurrent milestone edits on the shared tallies), the later version gives way
-- and the new one starts where it began: the timeline stays without gaps or overlaps.
CREATE FUNCTION create_versions_triggers(t text, content boolean) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    cols text;
    ncols text;
    pk text;
    pk_new text;
    pk_cols text;
    not_content text := CASE WHEN content THEN ' AND NOT v.from_content' ELSE '' END;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum), string_agg('n.' || quote_ident(attname), ', ' ORDER BY attnum)
    INTO cols, ncols
    FROM pg_attribute WHERE attrelid = t::regclass AND attnum > 0 AND NOT attisdropped;
    SELECT string_agg(format('v.%1$I = o.%1$I', a.attname), ' AND '), string_agg(format('l.%1$I = n.%1$I', a.attname), ' AND '),
           string_agg(format('v.%1$I', a.attname), ', ')
    INTO pk, pk_new, pk_cols
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = t::regclass AND i.indisprimary;

    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            INSERT INTO %2$I (%3$s, valid) SELECT %3$s, tstzrange(now(), NULL) FROM new_rows;
            RETURN NULL;
        END $body$ $f$, t || '_versions_insert', t || '_versions', cols);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            -- A record written twice in one transaction keeps one version: the last.
            DELETE FROM %2$I v USING old_rows o
            WHERE %4$s AND upper_inf(v.valid) AND lower(v.valid) = now()%5$s;
            UPDATE %2$I v SET valid = tstzrange(lower(v.valid), now()) FROM old_rows o
            WHERE %4$s AND upper_inf(v.valid) AND lower(v.valid) < now();
            WITH later AS (
                DELETE FROM %2$I v USING old_rows o
                WHERE %4$s AND upper_inf(v.valid) AND lower(v.valid) > now()%5$s
                RETURNING %7$s, lower(v.valid) AS began)
            INSERT INTO %2$I (%3$s, valid)
            SELECT %8$s, tstzrange(greatest(now(), l.began), NULL) FROM new_rows n LEFT JOIN later l ON %6$s;
            RETURN NULL;
        END $body$ $f$, t || '_versions_update', t || '_versions', cols, pk, not_content, pk_new, pk_cols, ncols);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            DELETE FROM %2$I v USING old_rows o
            WHERE %3$s AND upper_inf(v.valid) AND lower(v.valid) >= now()%4$s;
            UPDATE %2$I v SET valid = tstzrange(lower(v.valid), now()) FROM old_rows o
            WHERE %3$s AND upper_inf(v.valid);
            RETURN NULL;
        END $body$ $f$, t || '_versions_delete', t || '_versions', pk, not_content);
END $fn$;

-- The records' triggers of 0013 (and 0014), written again with that rule.
DO $do$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'strategies', 'goals', 'guidelines', 'cross_cutting_themes', 'action_fields', 'org_units', 'bodies',
        'projects', 'project_action_fields', 'project_themes', 'smart_goals', 'measures', 'milestones',
        'project_updates', 'final_reports', 'services', 'service_case_counts', 'project_services',
        'annual_reports', 'council_inquiries', 'inquiry_items', 'inquiry_projects', 'inquiry_services'
    ] LOOP
        PERFORM create_versions_triggers(t, true);
    END LOOP;
END
$do$;

-- The tallies' versions.
DO $do$
DECLARE
    t text;
    cols text;
    pk_cols text;
BEGIN
    FOREACH t IN ARRAY ARRAY['project_tallies', 'service_tallies', 'service_level_tallies', 'unit_project_tallies', 'milestone_tallies'] LOOP
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
        FROM pg_attribute WHERE attrelid = t::regclass AND attnum > 0 AND NOT attisdropped;
        SELECT string_agg(quote_ident(a.attname), ', ') INTO pk_cols
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = t::regclass AND i.indisprimary;

        EXECUTE format('CREATE TABLE %I (LIKE %I, valid tstzrange NOT NULL)', t || '_versions', t);
        -- A past day's rows come from this index alone; the triggers find the open versions by key.
        EXECUTE format('CREATE INDEX %I ON %I USING gist (valid) INCLUDE (%s)', t || '_versions_valid', t || '_versions', cols);
        EXECUTE format('CREATE INDEX %I ON %I (%s) WHERE upper_inf(valid)', t || '_versions_open', t || '_versions', pk_cols);
        PERFORM create_versions_triggers(t, false);
        EXECUTE format('CREATE TRIGGER versions_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION %I()', t, t || '_versions_insert');
        EXECUTE format('CREATE TRIGGER versions_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows '
            'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t, t || '_versions_update');
        EXECUTE format('CREATE TRIGGER versions_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION %I()', t, t || '_versions_delete');
        EXECUTE format('CREATE OR REPLACE VIEW asof.%I AS SELECT %s FROM public.%I WHERE valid @> public.as_of_moment()',
            t, cols, t || '_versions');
    END LOOP;
END
$do$;

-- A city's tally versions from its records' versions: each record version adds
-- one to its key from its start and takes it away at its end; the running sum
-- per key is the tally between two such moments. The same rules as the tally
-- triggers (0007, 0011, 0014).
CREATE FUNCTION rebuild_tally_versions(city bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM project_tallies_versions WHERE city_id = city;
    INSERT INTO project_tallies_versions (city_id, status, kind, n, valid)
    WITH r AS (SELECT status, kind, valid FROM projects_versions WHERE city_id = city AND archived_at IS NULL),
    steps AS (
        SELECT status, kind, at, sum(d) AS d FROM (
            SELECT status, kind, lower(valid) AS at, 1 AS d FROM r
            UNION ALL SELECT status, kind, upper(valid), -1 FROM r WHERE NOT upper_inf(valid)) e
        GROUP BY 1, 2, 3),
    runs AS (
        SELECT status, kind, at, sum(d) OVER w AS n, lead(at) OVER w AS until FROM steps
        WINDOW w AS (PARTITION BY status, kind ORDER BY at))
    SELECT city, status, kind, n, tstzrange(at, until) FROM runs WHERE n <> 0;

    DELETE FROM service_tallies_versions WHERE city_id = city;
    INSERT INTO service_tallies_versions (city_id, online, ozg_level, n, valid)
    WITH r AS (
        SELECT status IN ('online', 'online_rework') AS online,
               status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3 AS ozg_level, valid
        FROM services_versions WHERE city_id = city AND archived_at IS NULL),
    steps AS (
        SELECT online, ozg_level, at, sum(d) AS d FROM (
            SELECT online, ozg_level, lower(valid) AS at, 1 AS d FROM r
            UNION ALL SELECT online, ozg_level, upper(valid), -1 FROM r WHERE NOT upper_inf(valid)) e
        GROUP BY 1, 2, 3),
    runs AS (
        SELECT online, ozg_level, at, sum(d) OVER w AS n, lead(at) OVER w AS until FROM steps
        WINDOW w AS (PARTITION BY online, ozg_level ORDER BY at))
    SELECT city, online, ozg_level, n, tstzrange(at, until) FROM runs WHERE n <> 0;

    DELETE FROM service_level_tallies_versions WHERE city_id = city;
    INSERT INTO service_level_tallies_versions (city_id, maturity_model, maturity, n, valid)
    WITH r AS (
        SELECT maturity_model, maturity, valid FROM services_versions
        WHERE city_id = city AND archived_at IS NULL AND status IN ('online', 'online_rework')),
    steps AS (
        SELECT maturity_model, maturity, at, sum(d) AS d FROM (
            SELECT maturity_model, maturity, lower(valid) AS at, 1 AS d FROM r
            UNION ALL SELECT maturity_model, maturity, upper(valid), -1 FROM r WHERE NOT upper_inf(valid)) e
        GROUP BY 1, 2, 3),
    runs AS (
        SELECT maturity_model, maturity, at, sum(d) OVER w AS n, lead(at) OVER w AS until FROM steps
        WINDOW w AS (PARTITION BY maturity_model, maturity ORDER BY at))
    SELECT city, maturity_model, maturity, n, tstzrange(at, until) FROM runs WHERE n <> 0;

    DELETE FROM unit_project_tallies_versions
    WHERE unit_id IN (SELECT id FROM org_units_versions WHERE city_id = city);
    INSERT INTO unit_project_tallies_versions (unit_id, n, valid)
    WITH r AS (
        SELECT responsible_unit_id AS unit_id, valid FROM projects_versions
        WHERE city_id = city AND archived_at IS NULL AND responsible_unit_id IS NOT NULL),
    steps AS (
        SELECT unit_id, at, sum(d) AS d FROM (
            SELECT unit_id, lower(valid) AS at, 1 AS d FROM r
            UNION ALL SELECT unit_id, upper(valid), -1 FROM r WHERE NOT upper_inf(valid)) e
        GROUP BY 1, 2),
    runs AS (
        SELECT unit_id, at, sum(d) OVER w AS n, lead(at) OVER w AS until FROM steps
        WINDOW w AS (PARTITION BY unit_id ORDER BY at))
    SELECT unit_id, n, tstzrange(at, until) FROM runs WHERE n <> 0;

    DELETE FROM milestone_tallies_versions WHERE city_id = city;
    INSERT INTO milestone_tallies_versions (city_id, status, day, n, valid)
    WITH r AS (
        SELECT status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END AS day, valid
        FROM milestones_versions
        WHERE city_id = city AND archived_at IS NULL AND NOT project_archived AND status <> 'dropped'),
    steps AS (
        SELECT status, day, at, sum(d) AS d FROM (
            SELECT status, day, lower(valid) AS at, 1 AS d FROM r
            UNION ALL SELECT status, day, upper(valid), -1 FROM r WHERE NOT upper_inf(valid)) e
        GROUP BY 1, 2, 3),
    runs AS (
        SELECT status, day, at, sum(d) OVER w AS n, lead(at) OVER w AS until FROM steps
        WINDOW w AS (PARTITION BY status, day ORDER BY at))
    SELECT city, status, day, n, tstzrange(at, until) FROM runs WHERE n <> 0;
END $$;

-- A past day's milestone figures compare each tally's day with the page's day:
-- the day is computed once, not once per tally row (3,100 rows at the large dataset).
CREATE OR REPLACE FUNCTION asof.current_milestone_summary(city bigint) RETURNS public.milestone_summaries LANGUAGE sql STABLE AS $$
    WITH stand AS MATERIALIZED (SELECT asof.stand_date() AS day, date_trunc('year', asof.stand_date())::date AS year_start)
    SELECT city, s.day,
           coalesce(sum(n) FILTER (WHERE status = 'open' AND t.day < s.day), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'open' AND t.day >= s.day), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'reached'), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'reached' AND t.day >= s.year_start), 0)::int8
    FROM stand s LEFT JOIN asof.milestone_tallies t ON t.city_id = city
    GROUP BY s.day
$$;

SELECT rebuild_tally_versions(id) FROM cities;

-- Two OZG maturity models (issue 12): model 1.1 (levels 0-4, June 2020) and
-- model 2.0 (levels 0-7, since July 2025). A rating names its model and, where
-- known, its date; ratings from before stay valid on the old scale, so no level
-- is ever converted from one model to the other.

ALTER TABLE services
    ADD COLUMN maturity_model text NOT NULL DEFAULT '1.1' CHECK (maturity_model IN ('1.1', '2.0')),
    ADD COLUMN maturity_rated_on date,
    DROP CONSTRAINT services_maturity_check,
    ADD CONSTRAINT services_maturity_check
        CHECK (maturity BETWEEN 0 AND CASE maturity_model WHEN '1.1' THEN 4 ELSE 7 END);

ALTER TABLE services_versions
    ADD COLUMN maturity_model text NOT NULL DEFAULT '1.1',
    ADD COLUMN maturity_rated_on date;

-- The versions triggers of 0013 name their columns: written again with the new ones.
DO $do$
DECLARE
    cols text;
    pk text := 'v.id = o.id';
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = 'services'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION services_versions_insert() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            INSERT INTO services_versions (%1$s, valid) SELECT %1$s, tstzrange(now(), NULL) FROM new_rows;
            RETURN NULL;
        END $body$ $f$, cols);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION services_versions_update() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            DELETE FROM services_versions v USING old_rows o
            WHERE %2$s AND upper_inf(v.valid) AND lower(v.valid) = now() AND NOT v.from_content;
            UPDATE services_versions v SET valid = tstzrange(lower(v.valid), now()) FROM old_rows o
            WHERE %2$s AND upper_inf(v.valid);
            INSERT INTO services_versions (%1$s, valid) SELECT %1$s, tstzrange(now(), NULL) FROM new_rows;
            RETURN NULL;
        END $body$ $f$, cols, pk);
    EXECUTE format('CREATE OR REPLACE VIEW asof.services AS SELECT %s FROM public.services_versions '
        'WHERE valid @> public.as_of_moment()', cols);
END
$do$;

-- "OZG-konform" counts model 1.1 from level 3, as that model defines it; the
-- sources name no such threshold for model 2.0, so its ratings are not counted.
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
$$;

CREATE OR REPLACE VIEW asof.service_tallies AS
    SELECT city_id, status IN ('online', 'online_rework') AS online,
           status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3 AS ozg_level,
           count(*)::int8 AS n
    FROM asof.services WHERE archived_at IS NULL
    GROUP BY 1, 2, 3;

-- The dated counts by maturity read the model from the validity index, too.
DROP INDEX services_versions_valid;
CREATE INDEX services_versions_valid ON services_versions USING gist (valid)
    INCLUDE (city_id, archived_at, status, maturity_model, maturity);

-- The catalogue's filter and sort by rating: a model, then its level.
DROP INDEX services_counts;
CREATE INDEX services_counts ON services (city_id, status, maturity_model, maturity) WHERE archived_at IS NULL;

-- The charts' stored months are keyed by their filter, which now names the model.
DELETE FROM trend_months WHERE chart LIKE 'services:%';

-- Key figures without counting thousands of rows per request (issue 10): per-city
-- tallies kept current by statement-level triggers in the writing transaction,
-- whoever writes. Only current records count (not archived; milestones also not
-- of an archived project). Tallies are upserted in key order, so two writers
-- never wait on each other in a cycle.

CREATE TABLE project_tallies (
    city_id bigint NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    status  text   NOT NULL,
    kind    text   NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (city_id, status, kind)
);

CREATE TABLE service_tallies (
    city_id   bigint  NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    online    boolean NOT NULL,
    ozg_level boolean NOT NULL,
    n         bigint  NOT NULL,
    PRIMARY KEY (city_id, online, ozg_level)
);

-- `day`: the date achieved (reached) or due (open: forecast, else planned).
CREATE TABLE milestone_tallies (
    city_id bigint NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    status  text   NOT NULL,
    day     date   NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (city_id, status, day)
);

-- Whether the milestone's project is archived, kept by the projects trigger below,
-- so that a milestone's contribution depends on its own row alone (also when an
-- archived project is deleted and its milestones go with it).
ALTER TABLE milestones ADD COLUMN project_archived boolean NOT NULL DEFAULT false;
UPDATE milestones m SET project_archived = true FROM projects p WHERE p.id = m.project_id AND p.archived_at IS NOT NULL;

-- Projects --------------------------------------------------------------------

CREATE FUNCTION tally_projects(gone projects[], came projects[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO project_tallies AS t (city_id, status, kind, n)
    SELECT city_id, status, kind, sum(d) FROM (
        SELECT city_id, status, kind, -1 AS d FROM unnest(gone) WHERE archived_at IS NULL
        UNION ALL
        SELECT city_id, status, kind, 1 FROM unnest(came) WHERE archived_at IS NULL
    ) delta
    GROUP BY city_id, status, kind HAVING sum(d) <> 0
    ORDER BY city_id, status, kind
    ON CONFLICT (city_id, status, kind) DO UPDATE SET n = t.n + EXCLUDED.n;
$$;

CREATE FUNCTION projects_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_projects(ARRAY[]::projects[], ARRAY(SELECT ROW(r.*)::projects FROM new_rows r));
    RETURN NULL;
END $$;

CREATE FUNCTION projects_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_projects(ARRAY(SELECT ROW(r.*)::projects FROM old_rows r), ARRAY(SELECT ROW(r.*)::projects FROM new_rows r));
    -- Archiving or restoring a project takes its milestones out of the figures or back in.
    -- Only then: an UPDATE of no rows would still fire the milestones' statement triggers,
    -- whose milestone counts update projects again (migration 0003), without end.
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE (o.archived_at IS NULL) <> (n.archived_at IS NULL)) THEN
        UPDATE milestones m SET project_archived = (n.archived_at IS NOT NULL)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE m.project_id = n.id AND (o.archived_at IS NULL) <> (n.archived_at IS NULL);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION projects_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_projects(ARRAY(SELECT ROW(r.*)::projects FROM old_rows r), ARRAY[]::projects[]);
    RETURN NULL;
END $$;

CREATE TRIGGER projects_tally_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_tally_insert();
CREATE TRIGGER projects_tally_update AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_tally_update();
CREATE TRIGGER projects_tally_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION projects_tally_delete();

-- Services --------------------------------------------------------------------

CREATE FUNCTION tally_services(gone services[], came services[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO service_tallies AS t (city_id, online, ozg_level, n)
    SELECT city_id, online, ozg_level, sum(d) FROM (
        SELECT city_id, status IN ('online', 'online_rework') AS online,
               status IN ('online', 'online_rework') AND maturity >= 3 AS ozg_level, -1 AS d
        FROM unnest(gone) WHERE archived_at IS NULL
        UNION ALL
        SELECT city_id, status IN ('online', 'online_rework'),
               status IN ('online', 'online_rework') AND maturity >= 3, 1
        FROM unnest(came) WHERE archived_at IS NULL
    ) delta
    GROUP BY city_id, online, ozg_level HAVING sum(d) <> 0
    ORDER BY city_id, online, ozg_level
    ON CONFLICT (city_id, online, ozg_level) DO UPDATE SET n = t.n + EXCLUDED.n;
$$;

CREATE FUNCTION services_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_services(ARRAY[]::services[], ARRAY(SELECT ROW(r.*)::services FROM new_rows r));
    RETURN NULL;
END $$;

CREATE FUNCTION services_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_services(ARRAY(SELECT ROW(r.*)::services FROM old_rows r), ARRAY(SELECT ROW(r.*)::services FROM new_rows r));
    RETURN NULL;
END $$;

CREATE FUNCTION services_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_services(ARRAY(SELECT ROW(r.*)::services FROM old_rows r), ARRAY[]::services[]);
    RETURN NULL;
END $$;

CREATE TRIGGER services_tally_insert AFTER INSERT ON services REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION services_tally_insert();
CREATE TRIGGER services_tally_update AFTER UPDATE ON services REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION services_tally_update();
CREATE TRIGGER services_tally_delete AFTER DELETE ON services REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION services_tally_delete();

-- Milestones ------------------------------------------------------------------

CREATE FUNCTION tally_milestones(gone milestones[], came milestones[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO milestone_tallies AS t (city_id, status, day, n)
    SELECT city_id, status, day, sum(d) FROM (
        SELECT city_id, status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END AS day, -1 AS d
        FROM unnest(gone) WHERE archived_at IS NULL AND NOT project_archived AND status <> 'dropped'
        UNION ALL
        SELECT city_id, status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END, 1
        FROM unnest(came) WHERE archived_at IS NULL AND NOT project_archived AND status <> 'dropped'
    ) delta
    GROUP BY city_id, status, day HAVING sum(d) <> 0
    ORDER BY city_id, status, day
    ON CONFLICT (city_id, status, day) DO UPDATE SET n = t.n + EXCLUDED.n;
$$;

CREATE FUNCTION milestones_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_milestones(ARRAY[]::milestones[], ARRAY(SELECT ROW(r.*)::milestones FROM new_rows r));
    RETURN NULL;
END $$;

CREATE FUNCTION milestones_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_milestones(ARRAY(SELECT ROW(r.*)::milestones FROM old_rows r), ARRAY(SELECT ROW(r.*)::milestones FROM new_rows r));
    RETURN NULL;
END $$;

CREATE FUNCTION milestones_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tally_milestones(ARRAY(SELECT ROW(r.*)::milestones FROM old_rows r), ARRAY[]::milestones[]);
    RETURN NULL;
END $$;

CREATE TRIGGER milestones_tally_insert AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_tally_insert();
CREATE TRIGGER milestones_tally_update AFTER UPDATE ON milestones REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_tally_update();
CREATE TRIGGER milestones_tally_delete AFTER DELETE ON milestones REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_tally_delete();

-- The figures of what is already there.
SELECT tally_projects(ARRAY[]::projects[], ARRAY(SELECT p FROM projects p));
SELECT tally_services(ARRAY[]::services[], ARRAY(SELECT s FROM services s));
SELECT tally_milestones(ARRAY[]::milestones[], ARRAY(SELECT m FROM milestones m));

-- The tallies announce changes like every public table (migration 0006).
CREATE TRIGGER notify_public_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_tallies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_public_change();
CREATE TRIGGER notify_public_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_tallies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_public_change();
CREATE TRIGGER notify_public_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON milestone_tallies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_public_change();

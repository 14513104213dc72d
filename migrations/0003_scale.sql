-- Scale: every list, filter and search of a public page is served by an index
-- (checked with EXPLAIN on the large synthetic dataset in tests/scale.rs).

-- Milestone counts per project, kept by statement-level triggers, so that
-- progress (still derived by the stated rule) can be sorted and averaged
-- without reading every milestone. "Overdue" stays derived from dates.
ALTER TABLE projects ADD COLUMN milestones_reached integer NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN milestones_counted integer NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN progress smallint GENERATED ALWAYS AS (
    coalesce(progress_override,
             CASE WHEN milestones_counted > 0 THEN ((milestones_reached * 100 + milestones_counted / 2) / milestones_counted)::smallint
                  WHEN status = 'completed' THEN 100::smallint END)) STORED;

CREATE FUNCTION refresh_milestone_counts(project_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE projects p SET
        milestones_reached = coalesce(c.reached, 0),
        milestones_counted = coalesce(c.counted, 0)
    FROM (SELECT id FROM unnest(project_ids) AS id) ids
    LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE status = 'reached') AS reached, count(*) FILTER (WHERE status <> 'dropped') AS counted
        FROM milestones m WHERE m.project_id = ids.id AND m.archived_at IS NULL
    ) c ON true
    WHERE p.id = ids.id
      AND (p.milestones_reached, p.milestones_counted) IS DISTINCT FROM (coalesce(c.reached, 0), coalesce(c.counted, 0));
$$;

CREATE FUNCTION milestones_changed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_milestone_counts(ARRAY(SELECT DISTINCT project_id FROM new_rows));
    RETURN NULL;
END $$;
CREATE FUNCTION milestones_changed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_milestone_counts(ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows));
    RETURN NULL;
END $$;
CREATE FUNCTION milestones_changed_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_milestone_counts(ARRAY(SELECT DISTINCT project_id FROM old_rows));
    RETURN NULL;
END $$;
CREATE TRIGGER milestones_counts_insert AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_changed_insert();
CREATE TRIGGER milestones_counts_update AFTER UPDATE ON milestones REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_changed_update();
CREATE TRIGGER milestones_counts_delete AFTER DELETE ON milestones REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestones_changed_delete();

SELECT refresh_milestone_counts(ARRAY(SELECT id FROM projects));

-- Projects: the list's sort orders and filters, narrow enough for index-only scans.
CREATE INDEX projects_list_title ON projects (city_id, title, id) WHERE archived_at IS NULL;
CREATE INDEX projects_list_status ON projects (city_id, status, kind, title, id) WHERE archived_at IS NULL;
CREATE INDEX projects_list_kind ON projects (city_id, kind, title, id) WHERE archived_at IS NULL;
CREATE INDEX projects_list_progress ON projects (city_id, progress DESC NULLS LAST, title, id) WHERE archived_at IS NULL;
CREATE INDEX projects_list_updated ON projects (city_id, updated_at DESC, id) WHERE archived_at IS NULL;
CREATE INDEX projects_list_unit ON projects (responsible_unit_id, title, id) WHERE archived_at IS NULL;
CREATE INDEX projects_archived ON projects (id) WHERE archived_at IS NOT NULL;
CREATE INDEX project_action_fields_field_project ON project_action_fields (action_field_id, project_id);
CREATE INDEX project_themes_theme_project ON project_themes (theme_id, project_id);

-- Milestones of the overview and /meilensteine.
CREATE INDEX milestones_reached ON milestones (city_id, achieved_on DESC, id) WHERE status = 'reached' AND archived_at IS NULL;
CREATE INDEX milestones_open_due ON milestones (city_id, (coalesce(forecast_on, planned_on)), id) WHERE status = 'open' AND archived_at IS NULL;

-- Public updates, newest first.
CREATE INDEX project_updates_public ON project_updates (city_id, published_on DESC, id DESC) INCLUDE (project_id) WHERE NOT internal AND archived_at IS NULL;
-- Narrow, for counting them (index-only).
CREATE INDEX project_updates_public_count ON project_updates (city_id, project_id) WHERE NOT internal AND archived_at IS NULL;

-- Services: counts of the overview and the catalogue's filters and sort orders.
CREATE INDEX services_counts ON services (city_id, status, maturity) WHERE archived_at IS NULL;
CREATE INDEX services_list_name ON services (city_id, name, id) WHERE archived_at IS NULL;
CREATE INDEX services_list_topic ON services (city_id, topic_area, name, id) WHERE archived_at IS NULL;
CREATE INDEX services_list_status ON services (city_id, status, maturity, name, id) WHERE archived_at IS NULL;
CREATE INDEX services_list_efa ON services (city_id, name, id) WHERE efa AND archived_at IS NULL;
CREATE INDEX services_list_online_since ON services (city_id, online_since DESC NULLS LAST, name, id) WHERE archived_at IS NULL;

-- Inquiries, newest answer first.
CREATE INDEX council_inquiries_list ON council_inquiries (city_id, answered_on DESC NULLS FIRST, number DESC) WHERE archived_at IS NULL;

-- The public change history of a project includes its milestones' changes.
CREATE INDEX audit_log_milestone_project ON audit_log (((after ->> 'project_id')::bigint)) WHERE entity = 'milestones';

-- The public model of the portal. Every record belongs to a city (tenant column
-- `city_id`), every editable record carries `version` for optimistic locking, and
-- `audit_log` keeps full before/after images of every change so that any page
-- can later be rebuilt "as of" a past date.

CREATE TABLE cities (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
    name        text NOT NULL,
    portal_name text NOT NULL,
    state       text NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Simple content pages per city: legal notice, privacy, accessibility, easy read.
CREATE TABLE pages (
    id           bigserial PRIMARY KEY,
    city_id      bigint NOT NULL REFERENCES cities(id),
    slug         text NOT NULL,
    title        text NOT NULL,
    body_md      text NOT NULL,
    illustrative boolean NOT NULL DEFAULT false,
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE strategies (
    id             bigserial PRIMARY KEY,
    city_id        bigint NOT NULL UNIQUE REFERENCES cities(id),
    slug           text NOT NULL DEFAULT 'strategie',
    title          text NOT NULL,
    document_title text NOT NULL,
    vision_md      text NOT NULL,
    adopted_on     date,
    adopted_by     text NOT NULL,
    source_ref     text NOT NULL DEFAULT '',
    version        integer NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Goals, guidelines, action fields and themes share one shape: ordered, titled
-- Markdown with a reference to the strategy paper's pages.
CREATE TABLE goals (
    id         bigserial PRIMARY KEY,
    city_id    bigint NOT NULL REFERENCES cities(id),
    slug       text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    body_md    text NOT NULL DEFAULT '',
    source_ref text NOT NULL DEFAULT '',
    illustrative boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE guidelines (
    id         bigserial PRIMARY KEY,
    city_id    bigint NOT NULL REFERENCES cities(id),
    slug       text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    body_md    text NOT NULL DEFAULT '',
    source_ref text NOT NULL DEFAULT '',
    illustrative boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE cross_cutting_themes (
    id         bigserial PRIMARY KEY,
    city_id    bigint NOT NULL REFERENCES cities(id),
    slug       text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    body_md    text NOT NULL DEFAULT '',
    source_ref text NOT NULL DEFAULT '',
    illustrative boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE action_fields (
    id         bigserial PRIMARY KEY,
    city_id    bigint NOT NULL REFERENCES cities(id),
    slug       text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    body_md    text NOT NULL DEFAULT '',
    source_ref text NOT NULL DEFAULT '',
    illustrative boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE org_units (
    id         bigserial PRIMARY KEY,
    city_id    bigint NOT NULL REFERENCES cities(id),
    slug       text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('office', 'department', 'municipal_enterprise', 'city_company', 'staff_unit')),
    number     text,
    name       text NOT NULL,
    parent_id  bigint REFERENCES org_units(id),
    illustrative boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

-- Bodies and roles of the governance; level 1 strategic steering, 2 management,
-- 3 project implementation; NULL for bodies above the programme (city council).
CREATE TABLE bodies (
    id               bigserial PRIMARY KEY,
    city_id          bigint NOT NULL REFERENCES cities(id),
    slug             text NOT NULL,
    position         integer NOT NULL,
    name             text NOT NULL,
    governance_level smallint CHECK (governance_level BETWEEN 1 AND 3),
    chair            text NOT NULL DEFAULT '',
    body_md          text NOT NULL DEFAULT '',
    source_ref       text NOT NULL DEFAULT '',
    illustrative     boolean NOT NULL DEFAULT false,
    version          integer NOT NULL DEFAULT 1,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, slug)
);

CREATE TABLE projects (
    id                  bigserial PRIMARY KEY,
    city_id             bigint NOT NULL REFERENCES cities(id),
    slug                text NOT NULL,
    title               text NOT NULL,
    kind                text NOT NULL CHECK (kind IN ('quick_win', 'flagship', 'strategic')),
    status              text NOT NULL CHECK (status IN ('idea', 'clarification', 'concretisation', 'implementation', 'final_report_drafted', 'completed', 'paused', 'stopped')),
    responsible_unit_id bigint REFERENCES org_units(id),
    lead_role           text NOT NULL DEFAULT '',
    team_roles          text NOT NULL DEFAULT '',
    summary_md          text NOT NULL DEFAULT '',
    description_md      text NOT NULL DEFAULT '',
    progress_override   smallint CHECK (progress_override BETWEEN 0 AND 100),
    staff_fte_planned   numeric(6, 2) CHECK (staff_fte_planned >= 0),
    staff_fte_approved  numeric(6, 2) CHECK (staff_fte_approved >= 0),
    budget_eur_planned  numeric(14, 2) CHECK (budget_eur_planned >= 0),
    budget_eur_approved numeric(14, 2) CHECK (budget_eur_approved >= 0),
    planned_start       date,
    planned_end         date,
    actual_start        date,
    actual_end          date,
    source_ref          text NOT NULL DEFAULT '',
    illustrative        boolean NOT NULL DEFAULT false,
    archived_at         timestamptz,
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    search              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A') ||
        setweight(to_tsvector('german', summary_md), 'B') ||
        setweight(to_tsvector('german', description_md), 'C')) STORED,
    UNIQUE (city_id, slug),
    CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
    CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start)
);
CREATE INDEX projects_city_kind ON projects (city_id, kind);
CREATE INDEX projects_city_status ON projects (city_id, status);
CREATE INDEX projects_unit ON projects (responsible_unit_id);
CREATE INDEX projects_search ON projects USING gin (search);
CREATE INDEX projects_city_title ON projects (city_id, title);

CREATE TABLE project_action_fields (
    project_id      bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    action_field_id bigint NOT NULL REFERENCES action_fields(id),
    PRIMARY KEY (project_id, action_field_id)
);
CREATE INDEX project_action_fields_field ON project_action_fields (action_field_id);

CREATE TABLE project_themes (
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    theme_id   bigint NOT NULL REFERENCES cross_cutting_themes(id),
    PRIMARY KEY (project_id, theme_id)
);
CREATE INDEX project_themes_theme ON project_themes (theme_id);

CREATE TABLE smart_goals (
    id         bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    body_md    text NOT NULL,
    UNIQUE (project_id, position)
);

CREATE TABLE measures (
    id         bigserial PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position   integer NOT NULL,
    body_md    text NOT NULL,
    UNIQUE (project_id, position)
);

CREATE TABLE milestones (
    id              bigserial PRIMARY KEY,
    city_id         bigint NOT NULL REFERENCES cities(id),
    project_id      bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position        integer NOT NULL,
    title           text NOT NULL,
    planned_on      date NOT NULL,
    forecast_on     date,
    forecast_reason text NOT NULL DEFAULT '',
    achieved_on     date,
    status          text NOT NULL CHECK (status IN ('open', 'reached', 'dropped')),
    illustrative    boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, position),
    CHECK ((status = 'reached') = (achieved_on IS NOT NULL))
);
CREATE INDEX milestones_city_due ON milestones (city_id, status, (coalesce(forecast_on, planned_on)));
CREATE INDEX milestones_city_achieved ON milestones (city_id, achieved_on);

CREATE TABLE project_updates (
    id           bigserial PRIMARY KEY,
    city_id      bigint NOT NULL REFERENCES cities(id),
    project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    slug         text NOT NULL,
    published_on date NOT NULL,
    title        text NOT NULL,
    body_md      text NOT NULL DEFAULT '',
    internal     boolean NOT NULL DEFAULT false,
    illustrative boolean NOT NULL DEFAULT false,
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, slug)
);
CREATE INDEX project_updates_city_published ON project_updates (city_id, published_on DESC, id DESC);
CREATE INDEX project_updates_project ON project_updates (project_id, published_on DESC);

CREATE TABLE final_reports (
    id                  bigserial PRIMARY KEY,
    project_id          bigint NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
    summary_md          text NOT NULL DEFAULT '',
    lessons_learned_md  text NOT NULL DEFAULT '',
    release_state       text NOT NULL CHECK (release_state IN ('draft', 'submitted', 'released', 'returned')),
    released_on         date,
    illustrative        boolean NOT NULL DEFAULT false,
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((release_state = 'released') = (released_on IS NOT NULL))
);

-- The OZG's 14 topic areas: shared reference data, not per city.
CREATE TABLE ozg_topic_areas (
    slug     text PRIMARY KEY,
    position integer NOT NULL UNIQUE,
    name     text NOT NULL UNIQUE
);
INSERT INTO ozg_topic_areas (slug, position, name) VALUES
    ('arbeit-ruhestand', 1, 'Arbeit & Ruhestand'),
    ('bauen-wohnen', 2, 'Bauen & Wohnen'),
    ('bildung', 3, 'Bildung'),
    ('ein-auswanderung', 4, 'Ein- & Auswanderung'),
    ('engagement-hobby', 5, 'Engagement & Hobby'),
    ('familie-kind', 6, 'Familie & Kind'),
    ('forschung-foerderung', 7, 'Forschung & Förderung'),
    ('gesundheit', 8, 'Gesundheit'),
    ('mobilitaet-reisen', 9, 'Mobilität & Reisen'),
    ('querschnitt', 10, 'Querschnitt'),
    ('recht-ordnung', 11, 'Recht & Ordnung'),
    ('steuern-zoll', 12, 'Steuern & Zoll'),
    ('umwelt', 13, 'Umwelt'),
    ('unternehmensfuehrung', 14, 'Unternehmensführung & -entwicklung');

CREATE TABLE services (
    id                  bigserial PRIMARY KEY,
    city_id             bigint NOT NULL REFERENCES cities(id),
    slug                text NOT NULL,
    name                text NOT NULL,
    leika_key           text CHECK (leika_key ~ '^[0-9]{14}$'),
    ozg_id              text,
    topic_area          text NOT NULL REFERENCES ozg_topic_areas(slug),
    life_situation      text NOT NULL DEFAULT '',
    addressee           text NOT NULL CHECK (addressee IN ('citizens', 'businesses', 'both')),
    responsible_unit_id bigint REFERENCES org_units(id),
    status              text NOT NULL CHECK (status IN ('planned', 'in_design', 'online', 'online_rework', 'discontinued')),
    maturity            smallint NOT NULL CHECK (maturity BETWEEN 0 AND 4),
    efa                 boolean NOT NULL DEFAULT false,
    efa_lead_state      text NOT NULL DEFAULT '',
    online_since        date,
    application_url     text CHECK (application_url ~ '^https?://'),
    description_md      text NOT NULL DEFAULT '',
    source_ref          text NOT NULL DEFAULT '',
    illustrative        boolean NOT NULL DEFAULT false,
    archived_at         timestamptz,
    version             integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    search              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', name), 'A') ||
        setweight(to_tsvector('german', life_situation), 'B') ||
        setweight(to_tsvector('german', description_md), 'C')) STORED,
    UNIQUE (city_id, slug)
);
CREATE INDEX services_city_topic ON services (city_id, topic_area);
CREATE INDEX services_city_status ON services (city_id, status);
CREATE INDEX services_city_maturity ON services (city_id, maturity);
CREATE INDEX services_city_efa ON services (city_id) WHERE efa;
CREATE INDEX services_city_addressee ON services (city_id, addressee);
CREATE INDEX services_city_name ON services (city_id, name);
CREATE INDEX services_search ON services USING gin (search);

CREATE TABLE service_case_counts (
    service_id bigint NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    cases      integer NOT NULL CHECK (cases >= 0),
    PRIMARY KEY (service_id, year)
);

CREATE TABLE project_services (
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    service_id bigint NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, service_id)
);
CREATE INDEX project_services_service ON project_services (service_id);

CREATE TABLE annual_reports (
    id            bigserial PRIMARY KEY,
    city_id       bigint NOT NULL REFERENCES cities(id),
    year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title         text NOT NULL,
    body_md       text NOT NULL,
    release_state text NOT NULL CHECK (release_state IN ('draft', 'submitted', 'released', 'returned')),
    released_on   date,
    key_figures   jsonb,
    illustrative  boolean NOT NULL DEFAULT false,
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    search        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A') ||
        setweight(to_tsvector('german', body_md), 'C')) STORED,
    UNIQUE (city_id, year),
    CHECK ((release_state = 'released') = (released_on IS NOT NULL))
);
CREATE INDEX annual_reports_search ON annual_reports USING gin (search);

CREATE TABLE council_inquiries (
    id           bigserial PRIMARY KEY,
    city_id      bigint NOT NULL REFERENCES cities(id),
    slug         text NOT NULL,
    number       text NOT NULL CHECK (number ~ '^[0-9]{4}/[0-9]{4}$'),
    faction      text NOT NULL,
    title        text NOT NULL,
    asked_on     date,
    answered_on  date,
    answered_by  text NOT NULL DEFAULT '',
    oparl_id     text,
    source_ref   text NOT NULL DEFAULT '',
    -- questions and answers, denormalised for the full-text index
    search_text  text NOT NULL DEFAULT '',
    illustrative boolean NOT NULL DEFAULT false,
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', number || ' ' || title || ' ' || faction), 'A') ||
        setweight(to_tsvector('german', search_text), 'C')) STORED,
    UNIQUE (city_id, slug),
    UNIQUE (city_id, number)
);
CREATE INDEX council_inquiries_search ON council_inquiries USING gin (search);
CREATE INDEX council_inquiries_answered ON council_inquiries (city_id, answered_on DESC);

CREATE TABLE inquiry_items (
    id          bigserial PRIMARY KEY,
    inquiry_id  bigint NOT NULL REFERENCES council_inquiries(id) ON DELETE CASCADE,
    position    integer NOT NULL,
    question_md text NOT NULL,
    answer_md   text NOT NULL,
    UNIQUE (inquiry_id, position)
);

CREATE TABLE inquiry_projects (
    inquiry_id bigint NOT NULL REFERENCES council_inquiries(id) ON DELETE CASCADE,
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (inquiry_id, project_id)
);
CREATE INDEX inquiry_projects_project ON inquiry_projects (project_id);

CREATE TABLE inquiry_services (
    inquiry_id bigint NOT NULL REFERENCES council_inquiries(id) ON DELETE CASCADE,
    service_id bigint NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    PRIMARY KEY (inquiry_id, service_id)
);
CREATE INDEX inquiry_services_service ON inquiry_services (service_id);

-- Every write path (admin forms, content loader, imports) writes here in the same
-- transaction, with full before/after images.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    city_id   bigint NOT NULL REFERENCES cities(id),
    actor     text NOT NULL,
    action    text NOT NULL CHECK (action IN ('create', 'update', 'archive', 'delete', 'release', 'return', 'submit')),
    entity    text NOT NULL,
    entity_id bigint NOT NULL,
    before    jsonb,
    after     jsonb,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_city_at ON audit_log (city_id, at);

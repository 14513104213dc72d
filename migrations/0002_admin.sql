-- The admin area: accounts with roles and scopes, server-side sessions, login
-- throttling, and the review-and-release workflow.

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    city_id       bigint NOT NULL REFERENCES cities(id),
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'coordinator', 'editor', 'approver')),
    password_hash text NOT NULL,
    totp_secret   text,
    totp_enabled  boolean NOT NULL DEFAULT false,
    active        boolean NOT NULL DEFAULT true,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (city_id, email),
    CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
);

-- A coordinator's action fields; an editor's projects.
CREATE TABLE user_action_fields (
    user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action_field_id bigint NOT NULL REFERENCES action_fields(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, action_field_id)
);
CREATE TABLE user_projects (
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX user_projects_project ON user_projects (project_id);

-- Only a hash of the session token is stored, so a database leak yields no usable sessions.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    -- Set while the second factor is still to be entered.
    pending_totp boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    client       text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, for throttling per account and per client address.
CREATE TABLE login_failures (
    id     bigserial PRIMARY KEY,
    email  text NOT NULL,
    client text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- Review comments when an approver returns a report.
ALTER TABLE final_reports ADD COLUMN review_comment text NOT NULL DEFAULT '';
ALTER TABLE annual_reports ADD COLUMN review_comment text NOT NULL DEFAULT '';

-- Archive instead of delete for every editable entity (projects and services have it).
ALTER TABLE milestones ADD COLUMN archived_at timestamptz;
ALTER TABLE project_updates ADD COLUMN archived_at timestamptz;
ALTER TABLE org_units ADD COLUMN archived_at timestamptz;
ALTER TABLE bodies ADD COLUMN archived_at timestamptz;
ALTER TABLE goals ADD COLUMN archived_at timestamptz;
ALTER TABLE guidelines ADD COLUMN archived_at timestamptz;
ALTER TABLE cross_cutting_themes ADD COLUMN archived_at timestamptz;
ALTER TABLE action_fields ADD COLUMN archived_at timestamptz;
ALTER TABLE council_inquiries ADD COLUMN archived_at timestamptz;
ALTER TABLE annual_reports ADD COLUMN archived_at timestamptz;

-- Audit actions of the admin area.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
    CHECK (action IN ('create', 'update', 'archive', 'restore', 'delete', 'release', 'return', 'submit', 'reopen'));

-- Secrets the instances of one installation share (the key of stateless CSRF tokens).
CREATE TABLE app_secrets (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);

-- CSV imports run as jobs so that large files can show their progress.
CREATE TABLE import_jobs (
    id          bigserial PRIMARY KEY,
    city_id     bigint NOT NULL REFERENCES cities(id),
    actor       text NOT NULL,
    total       integer NOT NULL,
    done        integer NOT NULL DEFAULT 0,
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    message     text NOT NULL DEFAULT '',
    note        text NOT NULL DEFAULT '',
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

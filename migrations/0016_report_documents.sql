-- The annual report as the council's document (issue 13; design in docs/design-pdf.md).
--
-- 1. A report is written in sections (foreword, the state of things, the action
--    fields, projects, online services, outlook); each may refer to figures the
--    portal computes (`{{kennzahlen}}`, `{{verlauf-projekte}}`, …). The charts'
--    series are frozen at release beside the key figures (`frozen_series`).
-- 2. A released document never changes: its PDF bytes and their SHA-256 are
--    stored when it is released (or first asked for, for documents released
--    before this migration and for inquiry answers), per version of the record.
--    Later code or data changes typeset nothing anew. The table is not a record
--    of the write path: it is append-only, written once per released version.

ALTER TABLE annual_reports
    ADD COLUMN foreword_md      text NOT NULL DEFAULT '',
    ADD COLUMN action_fields_md text NOT NULL DEFAULT '',
    ADD COLUMN projects_md      text NOT NULL DEFAULT '',
    ADD COLUMN services_md      text NOT NULL DEFAULT '',
    ADD COLUMN outlook_md       text NOT NULL DEFAULT '',
    ADD COLUMN frozen_series    jsonb;

ALTER TABLE annual_reports_versions
    ADD COLUMN foreword_md      text NOT NULL DEFAULT '',
    ADD COLUMN action_fields_md text NOT NULL DEFAULT '',
    ADD COLUMN projects_md      text NOT NULL DEFAULT '',
    ADD COLUMN services_md      text NOT NULL DEFAULT '',
    ADD COLUMN outlook_md       text NOT NULL DEFAULT '',
    ADD COLUMN frozen_series    jsonb;

-- The search finds the words of every section (a generated column cannot be
-- altered: dropped and added again, its index with it).
ALTER TABLE annual_reports DROP COLUMN search;
ALTER TABLE annual_reports ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('german', title), 'A') ||
    setweight(to_tsvector('german', foreword_md || ' ' || body_md || ' ' || action_fields_md || ' ' ||
                                    projects_md || ' ' || services_md || ' ' || outlook_md), 'C')) STORED;
CREATE INDEX annual_reports_search ON annual_reports USING gin (search);

-- The versions triggers name their columns: written again with the new ones
-- (by 0015's function, which keeps its rule for concurrent writers), and the
-- dated view with them.
DO $do$
DECLARE
    cols text;
BEGIN
    PERFORM create_versions_triggers('annual_reports', true);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = 'annual_reports'::regclass AND attnum > 0 AND NOT attisdropped;
    DROP VIEW asof.annual_reports;
    EXECUTE format('CREATE VIEW asof.annual_reports AS SELECT %s FROM public.annual_reports_versions '
        'WHERE valid @> public.as_of_moment()', cols);
END
$do$;

CREATE TABLE released_documents (
    city_id    bigint NOT NULL REFERENCES cities(id) ON DELETE CASCADE,
    -- 'annual_report' (record: annual_reports.id) or 'inquiry' (council_inquiries.id).
    -- Keyed by the record, not its year or slug, which a reopened record may change.
    kind       text NOT NULL CHECK (kind IN ('annual_report', 'inquiry')),
    record_id  bigint NOT NULL,
    -- The record's version the document was typeset from.
    version    integer NOT NULL,
    bytes      bytea NOT NULL,
    -- Lower-case hex of SHA-256 over `bytes`.
    sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (city_id, kind, record_id, version)
);

-- Written once, never changed or removed, whoever tries: only the removal of
-- the whole city (a cascade, one trigger level down) takes its documents along.
CREATE FUNCTION released_documents_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'released documents never change (%)', TG_OP;
END $$;
CREATE TRIGGER released_documents_frozen BEFORE UPDATE OR DELETE ON released_documents
    FOR EACH ROW EXECUTE FUNCTION released_documents_frozen();
CREATE TRIGGER released_documents_not_truncated BEFORE TRUNCATE ON released_documents
    FOR EACH STATEMENT EXECUTE FUNCTION released_documents_frozen();

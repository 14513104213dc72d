-- Derived values get one formula, in the database, so that no writer can
-- forget or change them.

-- An inquiry's own text (the preliminary remark of the answer) was kept only
-- inside its search text; it becomes a column of its own.
ALTER TABLE council_inquiries ADD COLUMN body_md text NOT NULL DEFAULT '';

-- The search text of an inquiry: its text, then every question and answer in order.
CREATE FUNCTION inquiry_search_text(inquiry bigint, body text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT body || E'\n' || coalesce(
        (SELECT string_agg(question_md || E'\n' || answer_md, E'\n' ORDER BY position)
         FROM inquiry_items WHERE inquiry_id = inquiry), '')
$$;

-- Recover the text from the search text the loader wrote (text, newline, items).
UPDATE council_inquiries q SET body_md = left(q.search_text, length(q.search_text) - length(items.text) - 1)
FROM (SELECT i.id, coalesce(string_agg(it.question_md || E'\n' || it.answer_md, E'\n' ORDER BY it.position), '') AS text
      FROM council_inquiries i LEFT JOIN inquiry_items it ON it.inquiry_id = i.id GROUP BY i.id) items
WHERE items.id = q.id AND length(q.search_text) > length(items.text)
  AND right(q.search_text, length(items.text) + 1) = E'\n' || items.text;

CREATE FUNCTION council_inquiries_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := inquiry_search_text(NEW.id, NEW.body_md);
    RETURN NEW;
END $$;
CREATE TRIGGER council_inquiries_search_text BEFORE INSERT OR UPDATE ON council_inquiries
    FOR EACH ROW EXECUTE FUNCTION council_inquiries_search_text();

CREATE FUNCTION inquiry_items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Touching body_md re-runs the row trigger above, which recomputes the text.
    UPDATE council_inquiries q SET body_md = q.body_md
    WHERE q.id IN (SELECT inquiry_id FROM changed_rows);
    RETURN NULL;
END $$;
CREATE TRIGGER inquiry_items_insert AFTER INSERT ON inquiry_items REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_items_changed();
CREATE TRIGGER inquiry_items_update AFTER UPDATE ON inquiry_items REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_items_changed();
CREATE TRIGGER inquiry_items_delete AFTER DELETE ON inquiry_items REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION inquiry_items_changed();

UPDATE council_inquiries SET body_md = body_md;

-- Milestone counts in one row per city (issue 10): the overview's "overdue" and
-- "reached this year" and the milestone page's section counts were sums over
-- the day tallies of migration 0007 (some 3,700 rows at the large dataset,
-- 1 ms per request). The split between overdue and upcoming moves with the
-- date, so the row holds the counts as of one day (`as_of`): every tally change
-- adds its delta to it in the same statement, and the first read on a new day
-- recounts it from the tallies once (current_milestone_summary below).

CREATE TABLE milestone_summaries (
    city_id           bigint PRIMARY KEY REFERENCES cities(id) ON DELETE CASCADE,
    as_of             date   NOT NULL,
    overdue           bigint NOT NULL,  -- open, due before as_of
    upcoming          bigint NOT NULL,  -- open, due on or after as_of
    reached           bigint NOT NULL,  -- reached, ever
    reached_this_year bigint NOT NULL   -- reached on or after 1 January of as_of's year
);

-- The counts as of `day`, from the tallies.
CREATE FUNCTION count_milestones(city bigint, day date)
RETURNS TABLE (overdue bigint, upcoming bigint, reached bigint, reached_this_year bigint) LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(n) FILTER (WHERE status = 'open' AND t.day < count_milestones.day), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'open' AND t.day >= count_milestones.day), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'reached'), 0)::int8,
           coalesce(sum(n) FILTER (WHERE status = 'reached' AND t.day >= date_trunc('year', count_milestones.day)::date), 0)::int8
    FROM milestone_tallies t WHERE t.city_id = city
$$;

-- Every city has its row from the start, so that a writer always finds one to
-- add to (a row created by a reader could miss a concurrent writer's delta).
INSERT INTO milestone_summaries
SELECT c.id, current_date, s.* FROM cities c, count_milestones(c.id, current_date) s;

CREATE FUNCTION milestone_summary_for_new_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO milestone_summaries SELECT n.id, current_date, 0, 0, 0, 0 FROM new_rows n ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER milestone_summary_for_new_city AFTER INSERT ON cities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION milestone_summary_for_new_city();

-- As in 0007, and the same delta added to the summary row. Should a reader move
-- the row to a new day meanwhile, the UPDATE waits for it and (read committed)
-- applies the delta to the recounted row, measured against its new day.
CREATE OR REPLACE FUNCTION tally_milestones(gone milestones[], came milestones[]) RETURNS void LANGUAGE sql AS $$
    WITH delta AS (
        SELECT city_id, status, day, sum(d) AS d FROM (
            SELECT city_id, status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END AS day, -1 AS d
            FROM unnest(gone) WHERE archived_at IS NULL AND NOT project_archived AND status <> 'dropped'
            UNION ALL
            SELECT city_id, status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END, 1
            FROM unnest(came) WHERE archived_at IS NULL AND NOT project_archived AND status <> 'dropped'
        ) changes
        GROUP BY city_id, status, day HAVING sum(d) <> 0
    ), tallied AS (
        INSERT INTO milestone_tallies AS t (city_id, status, day, n)
        SELECT city_id, status, day, d FROM delta
        ORDER BY city_id, status, day
        ON CONFLICT (city_id, status, day) DO UPDATE SET n = t.n + EXCLUDED.n
    )
    UPDATE milestone_summaries s SET
        overdue = s.overdue + coalesce((SELECT sum(d) FROM delta WHERE delta.city_id = s.city_id AND status = 'open' AND day < s.as_of), 0),
        upcoming = s.upcoming + coalesce((SELECT sum(d) FROM delta WHERE delta.city_id = s.city_id AND status = 'open' AND day >= s.as_of), 0),
        reached = s.reached + coalesce((SELECT sum(d) FROM delta WHERE delta.city_id = s.city_id AND status = 'reached'), 0),
        reached_this_year = s.reached_this_year + coalesce((SELECT sum(d) FROM delta WHERE delta.city_id = s.city_id
            AND status = 'reached' AND day >= date_trunc('year', s.as_of)::date), 0)
    WHERE s.city_id IN (SELECT city_id FROM delta);
$$;

-- The summary as of today (the session's date): one row read; on the first
-- read of a day, locked and recounted. The lock is taken before counting, and
-- each statement here sees what was committed before it began, so a writer
-- either committed before the count (and is in it) or waits for the lock and
-- adds its delta to the recounted row.
CREATE FUNCTION current_milestone_summary(city bigint) RETURNS milestone_summaries LANGUAGE plpgsql AS $$
DECLARE
    s milestone_summaries;
BEGIN
    SELECT * INTO s FROM milestone_summaries WHERE city_id = city AND as_of = current_date;
    IF FOUND THEN
        RETURN s;
    END IF;
    -- In a read-only transaction (an export), or for a city without its row: counted, not stored.
    IF current_setting('transaction_read_only') = 'on'
       OR NOT EXISTS (SELECT 1 FROM milestone_summaries WHERE city_id = city) THEN
        SELECT city, current_date, c.* INTO s FROM count_milestones(city, current_date) c;
        RETURN s;
    END IF;
    PERFORM 1 FROM milestone_summaries WHERE city_id = city FOR UPDATE;
    UPDATE milestone_summaries m
    SET as_of = current_date, overdue = c.overdue, upcoming = c.upcoming, reached = c.reached,
        reached_this_year = c.reached_this_year
    FROM count_milestones(city, current_date) c
    WHERE m.city_id = city
    RETURNING m.* INTO s;
    RETURN s;
END $$;

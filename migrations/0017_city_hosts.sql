-- Many cities on one installation (issue 14): each city names the host names
-- it answers to; a request's host chooses its city. A host belongs to one city.

ALTER TABLE cities ADD COLUMN hosts text[] NOT NULL DEFAULT '{}'
    CHECK (lower(hosts::text) = hosts::text);


-- The hosts of all cities are unique: a host is one city's or none.
CREATE FUNCTION check_city_hosts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DECLARE
        taken text;
    BEGIN
        SELECT h INTO taken FROM cities c, unnest(c.hosts) h WHERE c.id <> NEW.id AND h = ANY (NEW.hosts) LIMIT 1;
        IF taken IS NOT NULL THEN
            RAISE EXCEPTION 'Der Hostname % gehört schon zu einer anderen Stadt (host already taken)', taken
                USING ERRCODE = 'unique_violation';
        END IF;
    END;
    RETURN NEW;
END $$;
CREATE TRIGGER cities_hosts_unique BEFORE INSERT OR UPDATE OF hosts ON cities
    FOR EACH ROW EXECUTE FUNCTION check_city_hosts();

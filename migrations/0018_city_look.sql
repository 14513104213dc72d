-- Each city's own look (issue 14): the action colour of the design tokens
-- (hex #rrggbb; the content loader refuses one that fails contrast AA) and a
-- logo (SVG text); empty: the portal's defaults. And whether the whole city is
-- invented (a demo city such as Musterstadt): then every page says so.

ALTER TABLE cities
    ADD COLUMN colour text NOT NULL DEFAULT '' CHECK (colour = '' OR colour ~ '^#[0-9a-f]{6}$'),
    ADD COLUMN logo_svg text NOT NULL DEFAULT '',
    ADD COLUMN illustrative boolean NOT NULL DEFAULT false;

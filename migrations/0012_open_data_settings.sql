-- What a city states about its open data (content/city.toml): the official
-- municipality key (Amtlicher Gemeindeschlüssel, for the DCAT-AP.de catalogue
-- and OParl), the licence of its data as a URI of the dcat-ap.de licence
-- vocabulary with its name, and a contact address. Empty means "not stated";
-- `open_data_illustrative` marks example statements (the demo's licence).
ALTER TABLE cities
    ADD COLUMN ags                    text NOT NULL DEFAULT '' CHECK (ags ~ '^([0-9]{8})?$'),
    ADD COLUMN data_licence           text NOT NULL DEFAULT '' CHECK (data_licence ~ '^(https?://\S+)?$'),
    ADD COLUMN data_licence_name      text NOT NULL DEFAULT '',
    ADD COLUMN data_contact_email     text NOT NULL DEFAULT '' CHECK (data_contact_email ~ '^([^@\s]+@[^@\s]+)?$'),
    ADD COLUMN open_data_illustrative boolean NOT NULL DEFAULT false;

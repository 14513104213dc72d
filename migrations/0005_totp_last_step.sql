-- A TOTP code is accepted once (ASVS 2.8.4): the time step of the last code
-- used at login; only a later step is accepted after it.
ALTER TABLE users ADD COLUMN totp_last_step bigint;

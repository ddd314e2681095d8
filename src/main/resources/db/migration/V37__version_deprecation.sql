-- A deprecated version stays for what runs on it but is no longer offered, recommended or upgraded to (Proton #17,
-- #79). Proton's API has no such status, so it is a mark beside PUBLISHED rather than a status of its own.
alter table template_version add column deprecated_at timestamptz;
alter table template_version add column deprecated_by text;

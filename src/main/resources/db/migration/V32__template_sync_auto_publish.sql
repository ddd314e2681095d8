-- Pave's own option on a template sync config (Proton's API has no field for it): publish each synced version at once
-- instead of leaving it a draft, for teams whose review happens in the pull request.
alter table template_sync_config add column auto_publish boolean not null default false;

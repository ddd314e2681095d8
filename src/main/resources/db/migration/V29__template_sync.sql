-- Template sync (Proton's CreateTemplateSyncConfig): a template follows a folder of a branch of a linked repository.
-- last_synced_sha is the branch head the last finished round saw, so an unchanged branch costs one ref lookup.
create table template_sync_config (
    id                  bigint generated always as identity primary key,
    template_id         bigint not null unique references template (id) on delete cascade,
    repository_provider text not null,
    repository_name     text not null,
    branch              text not null,
    subdirectory        text,
    last_synced_sha     text,
    created_at          timestamptz not null,
    last_modified_at    timestamptz not null
);
create index template_sync_config_repository on template_sync_config (repository_provider, repository_name, branch);

-- One sync of one major version (Proton's ResourceSyncAttempt); events is a JSON array of {type, event, time, externalId}.
create table template_sync_attempt (
    id                  bigint generated always as identity primary key,
    template_id         bigint not null references template (id) on delete cascade,
    major_version       integer not null,
    status              text not null check (status in ('INITIATED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    repository_provider text not null,
    repository_name     text not null,
    branch              text not null,
    directory           text not null,
    initial_sha         text,
    target_sha          text not null,
    version_id          bigint references template_version (id) on delete set null,
    events              text not null,
    started_at          timestamptz not null
);
create index template_sync_attempt_latest on template_sync_attempt (template_id, major_version, id desc);

-- One look at a branch for a kind of sync (Proton's RepositorySyncAttempt).
create table repository_sync_attempt (
    id                  bigint generated always as identity primary key,
    repository_provider text not null,
    repository_name     text not null,
    branch              text not null,
    sync_type           text not null check (sync_type in ('TEMPLATE_SYNC', 'SERVICE_SYNC')),
    sha                 text not null,
    status              text not null check (status in ('INITIATED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'QUEUED')),
    events              text not null,
    started_at          timestamptz not null
);
create index repository_sync_attempt_latest on repository_sync_attempt (repository_provider, repository_name, branch, sync_type, id desc);

-- The Git tree a synced version was registered from: the same tree again is "unchanged", and a registration cut off
-- by a restart is finished by the next sync round rather than failed by the recovery sweep.
alter table template_version add column source_tree text;

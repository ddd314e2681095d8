-- Service sync (Proton's CreateServiceSyncConfig): a service's instances follow the proton-ops file on a branch of a
-- linked repository and the spec files it names. last_synced_heads is what the last finished round read (the ops
-- branch's head and each spec branch's), so an unchanged repository costs ref lookups only; listed_instances is the
-- proton-ops file's list for this service as last read (null before the first read); proposal is where the portal's
-- "Manage from Git" pushed the service's files for review ("branch into base at commit" lines), until they land.
create table service_sync_config (
    id                  bigint generated always as identity primary key,
    service_id          bigint not null unique references service (id) on delete cascade,
    repository_provider text not null,
    repository_name     text not null,
    branch              text not null,
    file_path           text not null,
    last_synced_heads   text,
    listed_instances    text,
    proposal            text,
    created_at          timestamptz not null,
    last_modified_at    timestamptz not null
);
create index service_sync_config_repository on service_sync_config (repository_provider, repository_name);

-- One sync of one instance (or, with instance_name null, the pipeline) from one commit of its spec file (Proton's
-- ResourceSyncAttempt). digest identifies what the spec file asked for, so the same ask is never applied twice.
create table service_sync_attempt (
    id                  bigint generated always as identity primary key,
    service_id          bigint not null references service (id) on delete cascade,
    instance_name       text,
    status              text not null check (status in ('INITIATED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    repository_provider text not null,
    repository_name     text not null,
    branch              text not null,
    directory           text not null,
    initial_sha         text,
    target_sha          text not null,
    digest              text,
    deployment_id       text,
    events              text not null,
    started_at          timestamptz not null
);
create index service_sync_attempt_latest on service_sync_attempt (service_id, instance_name, id desc);
create index service_sync_attempt_running on service_sync_attempt (status) where status = 'IN_PROGRESS';

-- A sync blocker (Proton's SyncBlocker): a hand-made change to a synced instance (instance_name set) or a removed
-- instance (instance_name null, the whole service) stops service sync there until someone resolves it with a reason.
create table sync_blocker (
    id               text primary key,
    service_id       bigint not null references service (id) on delete cascade,
    instance_name    text,
    status           text not null check (status in ('ACTIVE', 'RESOLVED')),
    created_reason   text not null,
    created_by       text not null,
    created_at       timestamptz not null,
    contexts         text not null,
    resolved_reason  text,
    resolved_by      text,
    resolved_at      timestamptz
);
create index sync_blocker_service on sync_blocker (service_id, instance_name, created_at desc);
-- one active blocker per target: a second hand-made change adds nothing new to resolve
create unique index sync_blocker_one_active on sync_blocker (service_id, coalesce(instance_name, '')) where status = 'ACTIVE';

-- Deployments: a durable queue that workers claim with FOR UPDATE SKIP LOCKED and hold with a lease.
-- A row keeps everything its provisioner needs (method, rendered files, inputs, role, stack name), so a resumed
-- attempt after a crash sees exactly what the first one saw.
create table deployment (
    id                           text primary key, -- Proton's deployment id, a UUID
    target_type                  text not null check (target_type in ('ENVIRONMENT', 'SERVICE_PIPELINE', 'SERVICE_INSTANCE', 'COMPONENT')),
    target_arn                   text not null,
    target_created_at            timestamptz not null,
    environment_name             text not null,
    service_name                 text,
    service_instance_name        text,
    component_name               text,
    action                       text not null check (action in ('DEPLOY', 'DELETE')),
    status                       text not null check (status in ('IN_PROGRESS', 'FAILED', 'SUCCEEDED', 'DELETE_IN_PROGRESS',
                                     'DELETE_FAILED', 'DELETE_COMPLETE', 'CANCELLING', 'CANCELLED')),
    status_message               text,
    deployment_type              text, -- Proton's DeploymentUpdateType for updates; null for creates and deletes
    initial_state                text, -- JSON: Proton's DeploymentState union, before
    target_state                 text, -- JSON: Proton's DeploymentState union, asked for
    last_attempted_deployment_id text, -- the target's, when this deployment was created
    last_succeeded_deployment_id text,
    -- the stored ProvisionRequest
    method                       text not null check (method in ('CLOUDFORMATION', 'COMMANDS', 'SELF_MANAGED')),
    stack_name                   text,
    template_file                text,
    provision_commands           text, -- JSON array
    deprovision_commands         text, -- JSON array
    proton_inputs                text, -- JSON
    role_arn                     text,
    repository                   text, -- JSON: {"provider", "name", "branch"}
    folder                       text,
    metadata                     text, -- JSON
    tags                         text, -- JSON object
    -- the run
    checkpoint                   text not null default '{}',
    attempt                      integer not null default 0,
    lease_owner                  text,
    lease_expires_at             timestamptz,
    cancel_requested             boolean not null default false,
    awaiting_notification        boolean not null default false,
    change_request               text,
    next_event_seq               integer not null default 0, -- not mapped by Hibernate: bumped only by SQL
    created_at                   timestamptz not null,
    last_modified_at             timestamptz not null,
    completed_at                 timestamptz
);
-- One active deployment per target resource.
create unique index deployment_one_active_per_target on deployment (target_arn)
    where status in ('IN_PROGRESS', 'DELETE_IN_PROGRESS', 'CANCELLING');
-- What workers scan for: active, not handed to an outside system.
create index deployment_due on deployment (created_at)
    where status in ('IN_PROGRESS', 'DELETE_IN_PROGRESS', 'CANCELLING') and not awaiting_notification;
create index deployment_by_target on deployment (target_arn, created_at desc);
create index deployment_by_environment on deployment (environment_name, created_at desc);

-- Every deployment keeps the exact files it applied.
create table deployment_file (
    deployment_id text not null references deployment (id) on delete cascade,
    path          text not null,
    content       text not null,
    primary key (deployment_id, path)
);

create table deployment_event (
    deployment_id text not null references deployment (id) on delete cascade,
    seq           integer not null,
    at            timestamptz not null,
    level         text not null check (level in ('INFO', 'WARN', 'ERROR')),
    message       text not null,
    primary key (deployment_id, seq)
);

-- Outputs a deployment produced (reported by its provisioner or notified).
create table deployment_output (
    deployment_id text not null references deployment (id) on delete cascade,
    key           text not null,
    value_string  text not null,
    primary key (deployment_id, key)
);

-- The current outputs and provisioned resources of any deployable resource, by its ARN.
create table resource_output (
    resource_arn text not null,
    key          text not null,
    value_string text not null,
    primary key (resource_arn, key)
);

create table provisioned_resource (
    id                  bigint generated always as identity primary key,
    resource_arn        text not null,
    name                text not null,
    identifier          text,
    provisioning_engine text
);
create index provisioned_resource_by_arn on provisioned_resource (resource_arn);

-- Environments.
create table environment (
    id                           bigint generated always as identity primary key,
    name                         text not null unique,
    description                  text,
    template_name                text not null,
    template_major_version       integer not null,
    template_minor_version       integer not null,
    spec                         text,
    provisioning_method          text not null check (provisioning_method in ('CLOUDFORMATION', 'COMMANDS', 'SELF_MANAGED')),
    proton_service_role_arn      text,
    codebuild_role_arn           text,
    component_role_arn           text,
    repository_provider          text,
    repository_name              text,
    repository_branch            text,
    deployment_status            text not null,
    deployment_status_message    text,
    last_attempted_deployment_id text,
    last_succeeded_deployment_id text,
    last_deployment_attempted_at timestamptz,
    last_deployment_succeeded_at timestamptz,
    created_at                   timestamptz not null,
    last_modified_at             timestamptz not null
);
create index environment_by_template on environment (template_name, template_major_version, template_minor_version);

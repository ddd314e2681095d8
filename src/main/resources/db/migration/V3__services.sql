-- Services, their pipelines (one per service, in the service row) and their instances.
create table service (
    id                                    bigint generated always as identity primary key,
    name                                  text not null unique,
    description                           text,
    template_name                         text not null,
    spec                                  text not null, -- the ServiceSpec as the user last gave it
    repository_connection_arn             text,
    repository_id                         text,
    branch_name                           text,
    status                                text not null,
    status_message                        text,
    created_at                            timestamptz not null,
    last_modified_at                      timestamptz not null,
    -- the pipeline; has_pipeline false when the template's pipeline is CUSTOMER_MANAGED or absent
    has_pipeline                          boolean not null,
    pipeline_template_major_version       integer,
    pipeline_template_minor_version       integer,
    pipeline_spec                         text, -- the pipeline inputs, JSON
    pipeline_provisioning_method          text,
    pipeline_deployment_status            text,
    pipeline_deployment_status_message    text,
    pipeline_last_attempted_deployment_id text,
    pipeline_last_succeeded_deployment_id text,
    pipeline_last_deployment_attempted_at timestamptz,
    pipeline_last_deployment_succeeded_at timestamptz,
    pipeline_redeploy_pending             boolean not null default false -- instances changed while the pipeline was busy
);

create table service_instance (
    id                           bigint generated always as identity primary key,
    service_name                 text not null references service (name) on delete cascade,
    name                         text not null,
    environment_name             text not null,
    template_name                text not null,
    template_major_version       integer not null,
    template_minor_version       integer not null,
    spec                         text not null, -- the instance inputs, JSON
    provisioning_method          text not null check (provisioning_method in ('CLOUDFORMATION', 'COMMANDS', 'SELF_MANAGED')),
    deployment_status            text not null,
    deployment_status_message    text,
    last_attempted_deployment_id text,
    last_succeeded_deployment_id text,
    last_deployment_attempted_at timestamptz,
    last_deployment_succeeded_at timestamptz,
    deleting                     boolean not null default false,
    created_at                   timestamptz not null,
    last_modified_at             timestamptz not null,
    unique (service_name, name)
);
create index service_instance_by_environment on service_instance (environment_name);
create index service_instance_by_template on service_instance (template_name, template_major_version, template_minor_version);

-- Directly defined components, attached to a service instance or to an environment only.
create table component (
    id                           bigint generated always as identity primary key,
    name                         text not null unique,
    description                  text,
    environment_name             text not null,
    service_name                 text,
    service_instance_name        text,
    service_spec                 text,
    manifest                     text not null,
    template_file                text not null,
    deployment_status            text not null,
    deployment_status_message    text,
    last_attempted_deployment_id text,
    last_succeeded_deployment_id text,
    last_deployment_attempted_at timestamptz,
    last_deployment_succeeded_at timestamptz,
    created_at                   timestamptz not null,
    last_modified_at             timestamptz not null
);
create index component_by_instance on component (service_name, service_instance_name);

-- Identity: local and OIDC users, API access keys, the audit log.
create table app_user (
    id                   bigint generated always as identity primary key,
    username             text not null unique,
    display_name         text,
    password_hash        text,
    oidc_subject         text unique,
    roles                text not null default '',
    must_change_password boolean not null default false,
    disabled             boolean not null default false,
    created_at           timestamptz not null
);

create table access_key (
    id               bigint generated always as identity primary key,
    access_key_id    text not null unique,
    secret_encrypted bytea not null,
    user_id          bigint not null references app_user (id),
    description      text,
    created_at       timestamptz not null,
    last_used_at     timestamptz,
    revoked_at       timestamptz
);

create table audit_event (
    id     bigint generated always as identity primary key,
    at     timestamptz not null,
    actor  text not null,
    door   text not null,
    action text not null,
    target text,
    detail text
);
create index audit_event_at on audit_event (at desc);

-- Template registry: environment and service templates, their versions and the files of each version's bundle.
create table template (
    id                    bigint generated always as identity primary key,
    type                  text not null check (type in ('ENVIRONMENT', 'SERVICE')),
    name                  text not null,
    display_name          text,
    description           text,
    encryption_key        text,
    provisioning          text, -- environment templates: CUSTOMER_MANAGED or null
    pipeline_provisioning text, -- service templates: CUSTOMER_MANAGED or null
    created_at            timestamptz not null,
    last_modified_at      timestamptz not null,
    unique (type, name)
);

create table template_version (
    id                               bigint generated always as identity primary key,
    template_id                      bigint not null references template (id),
    major_version                    integer not null,
    minor_version                    integer not null,
    status                           text not null check (status in ('REGISTRATION_IN_PROGRESS', 'REGISTRATION_FAILED', 'DRAFT', 'PUBLISHED')),
    status_message                   text,
    description                      text,
    schema                           text,
    source                           text not null,
    bundle                           bytea,
    compatible_environment_templates text, -- JSON: [{"templateName": …, "majorVersion": …}]
    supported_component_sources      text, -- JSON: ["DIRECTLY_DEFINED"]
    created_at                       timestamptz not null,
    last_modified_at                 timestamptz not null,
    published_at                     timestamptz,
    unique (template_id, major_version, minor_version)
);
create index template_version_published on template_version (template_id, major_version desc, minor_version desc) where status = 'PUBLISHED';

create table template_file (
    version_id bigint not null references template_version (id) on delete cascade,
    path       text not null,
    content    bytea not null,
    primary key (version_id, path)
);

-- Tags of any resource, by ARN.
create table resource_tag (
    resource_arn text not null,
    key          text not null,
    value        text not null,
    primary key (resource_arn, key)
);

-- Account-wide settings (Proton's GetAccountSettings): one row.
create table account_settings (
    id                                int primary key check (id = 1),
    pipeline_service_role_arn         text,
    pipeline_codebuild_role_arn       text,
    pipeline_provisioning_repository  text, -- JSON: {"provider", "name", "branch"}
    updated_at                        timestamptz not null
);
insert into account_settings (id, updated_at) values (1, now());

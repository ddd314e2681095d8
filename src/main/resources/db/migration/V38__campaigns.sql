-- Upgrade campaigns: a template's resources moved to a target version wave by wave, each wave gated on its
-- deployments' outcome, CloudWatch alarms and a soak time. The rows are the campaign's whole state, so a restart (or
-- another replica, once the lease lapses) carries on where it stopped.
create table campaign (
    id               text primary key,
    template_type    text not null,
    template_name    text not null,
    target_major     int not null,
    target_minor     int not null,
    status           text not null,
    status_message   text,
    current_wave     int not null default 0,
    max_parallel     int not null,
    failure_limit    int not null,
    soak_seconds     int not null,
    alarms           text not null,
    requested_by     text not null,
    lease_owner      text,
    lease_expires_at timestamptz,
    created_at       timestamptz not null,
    last_modified_at timestamptz not null,
    finished_at      timestamptz
);
create index campaign_unfinished on campaign (created_at) where finished_at is null;

create table campaign_wave (
    id           bigserial primary key,
    campaign_id  text not null references campaign (id) on delete cascade,
    ordinal      int not null,
    name         text not null,
    status       text not null,
    promoted     boolean not null default false,
    gate_message text,
    started_at   timestamptz,
    healthy_at   timestamptz,
    finished_at  timestamptz,
    unique (campaign_id, ordinal)
);

create table campaign_item (
    id                     bigserial primary key,
    campaign_id            text not null references campaign (id) on delete cascade,
    wave                   int not null,
    resource_arn           text not null,
    target_type            text not null,
    label                  text not null,
    team                   text,
    environment            text,
    from_version           text,
    from_deployment_id     text,
    status                 text not null,
    message                text,
    deployment_id          text,
    rollback_deployment_id text,
    unique (campaign_id, resource_arn)
);
create index campaign_item_wave on campaign_item (campaign_id, wave);

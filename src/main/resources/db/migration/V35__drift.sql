-- Drift: what runs differs from what Pave deployed. One open finding per resource and kind (a stack's template or
-- parameters changed outside Pave, its resources drifted, Git's spec for a synced instance isn't deployed, a version
-- behind the recommended one); a check that finds it gone resolves it. drift_check keeps each resource's last check.
create table drift_finding (
    id             bigint generated always as identity primary key,
    resource_arn   text not null,
    kind           text not null check (kind in ('TEMPLATE', 'RESOURCE', 'COMMAND', 'SPEC', 'VERSION')),
    status         text not null check (status in ('OPEN', 'RESOLVED')),
    summary        text not null,
    evidence       text,
    team           text references team (name) on delete set null,
    template_name  text,
    first_seen_at  timestamptz not null,
    last_seen_at   timestamptz not null,
    resolved_at    timestamptz
);
create unique index drift_finding_open on drift_finding (resource_arn, kind) where status = 'OPEN';
create index drift_finding_by_resource on drift_finding (resource_arn, id desc);

create table drift_check (
    resource_arn text primary key,
    checked_at   timestamptz not null,
    note         text
);

-- The scheduled round: a replica runs it only when it moves last_started_at on, so one replica runs each round.
create table drift_round (
    id              int primary key,
    last_started_at timestamptz not null
);
insert into drift_round (id, last_started_at) values (1, '-infinity');

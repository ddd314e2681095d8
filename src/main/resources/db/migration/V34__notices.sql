-- Notices: an outbox of events written in the same transaction as the change they report (a deployment's state, a
-- recommended version that leaves resources behind, a sync blocker), each fanned out to the inboxes of the owning
-- team's members and to the delivery targets that take it. A delivery is PENDING until a target acknowledges it
-- (2xx, or EventBridge accepting the entry), retried with backoff, FAILED after its last attempt.
create table notice_event (
    id          bigint generated always as identity primary key,
    event_id    text not null unique,
    detail_type text not null,
    resource_arn text,
    team        text references team (name) on delete set null,
    summary     text not null,
    detail      text not null,
    created_at  timestamptz not null
);
create index notice_event_created on notice_event (created_at);

create table inbox_notice (
    user_id  bigint not null references app_user (id) on delete cascade,
    event_id bigint not null references notice_event (id) on delete cascade,
    read_at  timestamptz,
    primary key (user_id, event_id)
);
create index inbox_notice_unread on inbox_notice (user_id) where read_at is null;
create index inbox_notice_event on inbox_notice (event_id);

-- Where events go: a webhook (Proton's event JSON, HMAC-signed), a Slack-compatible incoming webhook, or an Amazon
-- EventBridge bus. A team's target takes that team's events; an admin's (team null) takes every event.
create table notice_target (
    id               bigint generated always as identity primary key,
    name             text not null unique,
    kind             text not null check (kind in ('WEBHOOK', 'SLACK', 'EVENTBRIDGE')),
    url              text,
    secret_encrypted bytea,
    event_bus        text,
    source           text,
    team             text references team (name) on delete cascade,
    created_by       text not null,
    created_at       timestamptz not null
);

create table notice_delivery (
    id              bigint generated always as identity primary key,
    event_id        bigint not null references notice_event (id) on delete cascade,
    target_id       bigint not null references notice_target (id) on delete cascade,
    status          text not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    last_attempt_at timestamptz,
    last_response   text,
    delivered_at    timestamptz,
    unique (event_id, target_id)
);
create index notice_delivery_due on notice_delivery (next_attempt_at) where status = 'PENDING';
create index notice_delivery_target on notice_delivery (target_id, id desc);

-- Approvals: an environment whose upgrades need a second pair of eyes, a template whose major upgrades always do,
-- and the approvals themselves: a single MAJOR_VERSION update waiting (with the request it will deploy once
-- approved), or a campaign waiting for one team's approver.
alter table environment add column upgrades_need_approval boolean not null default false;
alter table template add column majors_need_approval boolean not null default false;

create table approval (
    id              text primary key,
    kind            text not null check (kind in ('UPDATE', 'CAMPAIGN')),
    campaign_id     text references campaign (id) on delete cascade,
    target_arn      text,
    target_type     text,
    label           text not null,
    team            text,
    template_type   text not null,
    template_name   text not null,
    target_major    int not null,
    target_minor    int not null,
    request         text,
    status          text not null,
    reason          text not null,
    requested_by    text not null,
    decided_by      text,
    comment         text,
    created_at      timestamptz not null,
    decided_at      timestamptz
);
create index approval_pending on approval (created_at) where status = 'PENDING';
create unique index approval_one_pending_update on approval (target_arn) where status = 'PENDING' and kind = 'UPDATE';

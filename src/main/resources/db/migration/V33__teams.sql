-- Teams own what they deploy. A user belongs to any number of teams (SSO users: the teams their groups claim names);
-- an environment, a service (with its instances and pipeline) and a component each have one owning team, whose
-- members (and platform admins) may change it. Everything that existed before teams, and every user, joins "default".
create table team (
    name        text primary key check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    description text,
    created_at  timestamptz not null
);
insert into team (name, description, created_at) values ('default', 'Owns what Pave ran before teams existed', now());

create table team_member (
    user_id bigint not null references app_user (id) on delete cascade,
    team    text not null references team (name) on delete cascade,
    primary key (user_id, team)
);
create index team_member_team on team_member (team);
insert into team_member (user_id, team) select id, 'default' from app_user;

-- the default stays, so rows written by other means than Pave's services (bulk fixtures, scripts) land in "default"
alter table environment add column owner_team text not null default 'default' references team (name);
alter table service add column owner_team text not null default 'default' references team (name);
alter table component add column owner_team text not null default 'default' references team (name);
create index environment_owner_team on environment (owner_team);
create index service_owner_team on service (owner_team);
create index component_owner_team on component (owner_team);

-- Access policies: a template with rows here may be used only by those teams; an environment with rows here takes
-- service instances only of services those teams own. No rows: open to every team. A team named in a policy can't
-- be deleted (its deletion would open what the policy closed).
create table template_team (
    template_id bigint not null references template (id) on delete cascade,
    team        text not null references team (name),
    primary key (template_id, team)
);
create table environment_team (
    environment_id bigint not null references environment (id) on delete cascade,
    team           text not null references team (name),
    primary key (environment_id, team)
);

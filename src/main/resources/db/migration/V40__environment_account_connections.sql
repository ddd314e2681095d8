-- Environment account connections (Proton's multi-account model): an environment account asks to be provisioned
-- from Pave's (management) account through a role of its own; once accepted, environments created with the
-- connection, and the service instances and components in them, are provisioned in that account with that role.
create table environment_account_connection (
    id                      text primary key,
    environment_name        text not null,
    environment_account_id  text not null,
    management_account_id   text not null,
    role_arn                text not null,
    codebuild_role_arn      text,
    component_role_arn      text,
    status                  text not null check (status in ('PENDING', 'CONNECTED', 'REJECTED')),
    client_token            text,
    requested_by            text not null,
    requested_at            timestamptz not null,
    last_modified_at        timestamptz not null
);
-- one live connection per environment account and environment name (Proton's ConflictException)
create unique index environment_account_connection_live on environment_account_connection (environment_account_id, environment_name)
    where status <> 'REJECTED';
create unique index environment_account_connection_token on environment_account_connection (requested_by, client_token);

alter table environment add column environment_account_connection_id text;
alter table environment add column environment_account_id text;
-- the role Pave assumes to provision in another account (null: Pave's own credentials)
alter table deployment add column account_role_arn text;

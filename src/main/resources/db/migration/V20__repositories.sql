-- Linked Git repositories (Proton's CreateRepository), used by self-managed provisioning (and later sync).
-- The clone URL defaults from the provider; the token that pushes to it is stored encrypted.
create table git_repository (
    id               bigint generated always as identity primary key,
    provider         text not null check (provider in ('GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET')),
    name             text not null,
    connection_arn   text not null,
    encryption_key   text,
    url              text,
    token_encrypted  bytea,
    created_at       timestamptz not null,
    unique (provider, name)
);

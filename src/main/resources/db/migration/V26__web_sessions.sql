-- Web sessions Pave can revoke. The browser holds a random session id in its cookie; the database keeps only the
-- SHA-256 of it, so a copy of this table opens no session. A session counts only while its generation equals its
-- user's session_generation: logging out, changing the password, disabling the account or changing its roles bump
-- the user's generation, which ends every session issued before (re-enabling the account does not bring them back).
alter table app_user add column session_generation integer not null default 0;

create table web_session (
    id           bigint generated always as identity primary key,
    token_hash   text not null unique,
    user_id      bigint not null references app_user (id) on delete cascade,
    generation   integer not null,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    expires_at   timestamptz not null
);
create index web_session_by_user on web_session (user_id);
create index web_session_by_expiry on web_session (expires_at);

-- Recent sign-in attempts that did not succeed, per account name (as typed, lower-cased, whether or not such a
-- user exists) and per client address: what LoginThrottle slows down and locks. Forgotten after a quiet period.
create table login_throttle (
    key              text primary key,
    failures         integer not null,
    first_failure_at timestamptz not null,
    last_failure_at  timestamptz not null
);

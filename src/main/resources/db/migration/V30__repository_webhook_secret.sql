-- The secret a repository's push webhooks are signed with (GitHub/Bitbucket HMAC) or carry (GitLab), encrypted like the token.
alter table git_repository add column webhook_secret_encrypted bytea;

-- The portal's deployments list reads the newest first across all targets.
create index deployment_newest on deployment (created_at desc, id desc);

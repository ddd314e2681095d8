-- The manifest's optional drift commands, kept with each deployment like its provision commands, so a drift check
-- runs what the deployed version asked for.
alter table deployment add column drift_commands text;

-- Command output is logged line by line as STDOUT or STDERR, so the log says which stream a line came from.
alter table deployment_event drop constraint deployment_event_level_check;
alter table deployment_event add constraint deployment_event_level_check check (level in ('INFO', 'WARN', 'ERROR', 'STDOUT', 'STDERR'));

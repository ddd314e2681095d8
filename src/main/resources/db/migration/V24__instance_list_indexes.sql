-- The portal's instance list pages through every service's instances by service then name (the unique
-- (service_name, name) index); these let each filter read its page in that order too, instead of sorting.
drop index service_instance_by_environment;
create index service_instance_by_environment on service_instance (environment_name, service_name, name);
create index service_instance_by_template_name on service_instance (template_name, service_name, name);
create index service_instance_by_status on service_instance (deployment_status, service_name, name);

-- Resource pages list the deployments of one instance, pipeline or component, newest first.
create index deployment_by_service on deployment (service_name, created_at desc) where service_name is not null;
create index deployment_by_component on deployment (component_name, created_at desc) where component_name is not null;

-- Its text filter matches anywhere in the instance's or the service's name, which a b-tree can't serve; trigram
-- indexes can. pg_trgm ships with PostgreSQL's contrib (and the embedded server); where it can't be created, the
-- filter scans the table, which is slower but correct.
do $$
begin
    create extension if not exists pg_trgm;
    create index service_instance_name_text on service_instance using gin (lower(name) gin_trgm_ops);
    create index service_instance_service_text on service_instance using gin (lower(service_name) gin_trgm_ops);
exception when others then
    raise notice 'no pg_trgm (%): the instance list''s text filter scans the table', sqlerrm;
end $$;

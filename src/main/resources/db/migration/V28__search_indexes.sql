-- The header's search matches anywhere in environment, service and component names and at the start of deployment
-- ids; trigram indexes serve both, as they do the instance list's text filter (V24). Where pg_trgm can't be created
-- the search scans those tables, which is slower but correct.
do $$
begin
    create extension if not exists pg_trgm;
    create index environment_name_text on environment using gin (lower(name) gin_trgm_ops);
    create index service_name_text on service using gin (lower(name) gin_trgm_ops);
    create index component_name_text on component using gin (lower(name) gin_trgm_ops);
    create index deployment_id_text on deployment using gin (id gin_trgm_ops);
exception when others then
    raise notice 'no pg_trgm (%): the search scans the tables', sqlerrm;
end $$;

-- The portal's instance list pages through every service's instances by service then name (the unique
-- (service_name, name) index); these let each filter read its page in that order too, instead of sorting.
drop index service_instance_by_environment;
create index service_instance_by_environment on service_instance (environment_name, service_name, name);
create index service_instance_by_template_name on service_instance (template_name, service_name, name);
create index service_instance_by_status on service_instance (deployment_status, service_name, name);

-- Resource pages list the deployments of one instance, pipeline or component, newest first.
create index deployment_by_service on deployment (service_name, created_at desc) where service_name is not null;
create index deployment_by_component on deployment (component_name, created_at desc) where component_name is not null;

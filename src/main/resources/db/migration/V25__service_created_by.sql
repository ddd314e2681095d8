-- Who created a service (the signed-in user, or the owner of the API key that called CreateService), for
-- "My services". Services created before this column are nobody's.
alter table service add column created_by text;
create index service_by_creator on service (created_by, name);

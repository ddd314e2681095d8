-- A failed UpdateService deprovisions the instances it added and puts the spec back as it was (Proton's
-- UPDATE_FAILED_CLEANUP_* statuses): the instances it added are marked, the spec it replaced is kept until it settles.
alter table service_instance add column added_by_update boolean not null default false;
alter table service add column spec_before_update text;

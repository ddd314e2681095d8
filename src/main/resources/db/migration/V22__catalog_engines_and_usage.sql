-- What the catalog shows and filters on without opening bundles: the engine each registered version provisions
-- with, read from its manifests at registration (CLOUDFORMATION, TERRAFORM or CODEBUILD; null when it provisions
-- nothing, as a CUSTOMER_MANAGED environment template); pipeline_engine for service templates with a pipeline.
alter table template_version add column engine text, add column pipeline_engine text;

-- Versions registered before this migration: their manifests were validated at registration, so each holds one
-- rendering_engine of three known values (a commented-out line starts with # and does not match).
update template_version v set engine = (
    select case substring(convert_from(f.content, 'UTF8') from '(?:^|[\n{,])\s*-?\s*["'']?rendering_engine["'']?\s*:\s*["'']?(codebuild|hcl|jinja)')
               when 'codebuild' then 'CODEBUILD' when 'hcl' then 'TERRAFORM' when 'jinja' then 'CLOUDFORMATION' end
    from template_file f
    where f.version_id = v.id and f.path in ('infrastructure/manifest.yaml', 'instance_infrastructure/manifest.yaml'))
where v.status in ('DRAFT', 'PUBLISHED');
update template_version v set pipeline_engine = (
    select case substring(convert_from(f.content, 'UTF8') from '(?:^|[\n{,])\s*-?\s*["'']?rendering_engine["'']?\s*:\s*["'']?(codebuild|hcl|jinja)')
               when 'codebuild' then 'CODEBUILD' when 'hcl' then 'TERRAFORM' when 'jinja' then 'CLOUDFORMATION' end
    from template_file f
    where f.version_id = v.id and f.path = 'pipeline_infrastructure/manifest.yaml')
where v.status in ('DRAFT', 'PUBLISHED')
  and not exists (select 1 from template t where t.id = v.template_id and t.pipeline_provisioning = 'CUSTOMER_MANAGED');

-- The catalog pages through templates by name; reading them in that order stops after one page.
create index template_by_name on template (name, type);
-- Deployed resources per template version, counted for catalog cards and adoption charts.
create index service_pipeline_by_template on service (template_name, pipeline_template_major_version, pipeline_template_minor_version)
    where has_pipeline;

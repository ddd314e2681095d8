package dev.pave.fleet;

import dev.pave.component.Component;
import dev.pave.deploy.plan.VersionRules.Standing;
import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;

/**
 * Proton's GetResourcesSummary: per kind of resource, how many run the recommended version, are a minor or a major
 * behind, and have failed. Services count by their worst instance; components (unversioned) count as up to date.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ResourcesSummary {

    @Inject
    TemplateService templates;

    /** Proton's ResourceCountsSummary. */
    public static final class Counts {
        public int total;
        public int upToDate;
        public int behindMinor;
        public int behindMajor;
        public int failed;

        void add(Standing standing, boolean failed) {
            total++;
            switch (standing) {
                case BEHIND_MAJOR -> behindMajor++;
                case BEHIND_MINOR -> behindMinor++;
                case UP_TO_DATE -> upToDate++;
            }
            if (failed) {
                this.failed++;
            }
        }
    }

    public Map<String, Counts> summary(Caller caller) {
        caller.requireAnyRole();
        RecommendedVersions versions = new RecommendedVersions(templates);
        Map<String, Counts> counts = new HashMap<>();
        Counts environments = counts.computeIfAbsent("environments", k -> new Counts());
        for (Environment e : Environment.<Environment>listAll()) {
            environments.add(versions.standing(TemplateType.ENVIRONMENT, e.templateName, e.templateVersion.major, e.templateVersion.minor),
                    e.deployment.failed());
        }
        Counts instances = counts.computeIfAbsent("serviceInstances", k -> new Counts());
        Map<String, Standing> worstByService = new HashMap<>();
        for (ServiceInstance i : ServiceInstance.<ServiceInstance>listAll()) {
            Standing status = versions.standing(TemplateType.SERVICE, i.templateName, i.templateVersion.major, i.templateVersion.minor);
            instances.add(status, i.deployment.failed());
            worstByService.merge(i.serviceName, status, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Counts services = counts.computeIfAbsent("services", k -> new Counts());
        Counts pipelines = counts.computeIfAbsent("pipelines", k -> new Counts());
        for (Service s : Service.<Service>listAll()) {
            services.add(worstByService.getOrDefault(s.name, Standing.UP_TO_DATE), s.status.name().contains("FAILED"));
            if (s.hasPipeline) {
                pipelines.add(versions.standing(TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor),
                        s.pipelineState().failed());
            }
        }
        Counts components = counts.computeIfAbsent("components", k -> new Counts());
        for (Component c : Component.<Component>listAll()) {
            components.add(Standing.UP_TO_DATE, c.deployment.failed());
        }
        Counts environmentTemplates = counts.computeIfAbsent("environmentTemplates", k -> new Counts());
        Counts serviceTemplates = counts.computeIfAbsent("serviceTemplates", k -> new Counts());
        for (Template t : Template.<Template>listAll()) {
            (t.type == TemplateType.ENVIRONMENT ? environmentTemplates : serviceTemplates).add(Standing.UP_TO_DATE, false);
        }
        return counts;
    }
}

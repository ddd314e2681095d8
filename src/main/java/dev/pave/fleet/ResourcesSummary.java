package dev.pave.fleet;

import dev.pave.component.Component;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.deploy.plan.VersionRules.Standing;
import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
        Versions versions = new Versions();
        Map<String, Counts> counts = new HashMap<>();
        Counts environments = counts.computeIfAbsent("environments", k -> new Counts());
        for (Environment e : Environment.<Environment>listAll()) {
            environments.add(versions.status(TemplateType.ENVIRONMENT, e.templateName, e.templateVersion.major, e.templateVersion.minor),
                    e.deployment.failed());
        }
        Counts instances = counts.computeIfAbsent("serviceInstances", k -> new Counts());
        Map<String, Standing> worstByService = new HashMap<>();
        for (ServiceInstance i : ServiceInstance.<ServiceInstance>listAll()) {
            Standing status = versions.status(TemplateType.SERVICE, i.templateName, i.templateVersion.major, i.templateVersion.minor);
            instances.add(status, i.deployment.failed());
            worstByService.merge(i.serviceName, status, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Counts services = counts.computeIfAbsent("services", k -> new Counts());
        Counts pipelines = counts.computeIfAbsent("pipelines", k -> new Counts());
        for (Service s : Service.<Service>listAll()) {
            services.add(worstByService.getOrDefault(s.name, Standing.UP_TO_DATE), s.status.name().contains("FAILED"));
            if (s.hasPipeline) {
                pipelines.add(versions.status(TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor),
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

    /** UP_TO_DATE, BEHIND_MINOR or BEHIND_MAJOR against the template's published versions; cached for one summary. */
    private final class Versions {
        private final Map<String, Optional<TemplateVersion>> recommended = new HashMap<>();

        Standing status(TemplateType type, String templateName, Integer major, Integer minor) {
            if (major == null || minor == null) {
                return Standing.UP_TO_DATE;
            }
            Optional<TemplateVersion> r = recommended.computeIfAbsent(type + "/" + templateName,
                    k -> Template.find(type, templateName).flatMap(templates::recommendedVersion));
            return VersionRules.standing(r, major, minor);
        }
    }
}

package dev.pave.fleet;

import dev.pave.component.Component;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proton's GetResourcesSummary: per kind of resource, how many run the recommended version, are a minor or a major
 * behind, and have failed. Services count by their worst instance; components (unversioned) count as up to date.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ResourcesSummary {

    /** Proton's ResourceCountsSummary. */
    public static final class Counts {
        public int total;
        public int upToDate;
        public int behindMinor;
        public int behindMajor;
        public int failed;

        void add(String versionStatus, boolean failed) {
            total++;
            switch (versionStatus) {
                case "BEHIND_MAJOR" -> behindMajor++;
                case "BEHIND_MINOR" -> behindMinor++;
                default -> upToDate++;
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
            environments.add(versions.status(TemplateType.ENVIRONMENT, e.templateName, e.templateMajorVersion, e.templateMinorVersion),
                    failed(e.deploymentStatus));
        }
        Counts instances = counts.computeIfAbsent("serviceInstances", k -> new Counts());
        Map<String, String> worstByService = new HashMap<>();
        Map<String, Boolean> failedByService = new HashMap<>();
        for (ServiceInstance i : ServiceInstance.<ServiceInstance>listAll()) {
            String status = versions.status(TemplateType.SERVICE, i.templateName, i.templateMajorVersion, i.templateMinorVersion);
            instances.add(status, failed(i.deploymentStatus));
            worstByService.merge(i.serviceName, status, (a, b) -> rank(a) >= rank(b) ? a : b);
        }
        Counts services = counts.computeIfAbsent("services", k -> new Counts());
        Counts pipelines = counts.computeIfAbsent("pipelines", k -> new Counts());
        for (Service s : Service.<Service>listAll()) {
            services.add(worstByService.getOrDefault(s.name, "UP_TO_DATE"), s.status.name().contains("FAILED"));
            if (s.hasPipeline) {
                pipelines.add(versions.status(TemplateType.SERVICE, s.templateName, s.pipelineTemplateMajorVersion, s.pipelineTemplateMinorVersion),
                        failed(s.pipelineDeploymentStatus));
            }
        }
        Counts components = counts.computeIfAbsent("components", k -> new Counts());
        for (Component c : Component.<Component>listAll()) {
            components.add("UP_TO_DATE", failed(c.deploymentStatus));
        }
        Counts environmentTemplates = counts.computeIfAbsent("environmentTemplates", k -> new Counts());
        Counts serviceTemplates = counts.computeIfAbsent("serviceTemplates", k -> new Counts());
        for (Template t : Template.<Template>listAll()) {
            (t.type == TemplateType.ENVIRONMENT ? environmentTemplates : serviceTemplates).add("UP_TO_DATE", false);
        }
        failedByService.clear();
        return counts;
    }

    private static boolean failed(DeploymentStatus status) {
        return status == DeploymentStatus.FAILED || status == DeploymentStatus.DELETE_FAILED;
    }

    private static int rank(String status) {
        return switch (status) {
            case "BEHIND_MAJOR" -> 2;
            case "BEHIND_MINOR" -> 1;
            default -> 0;
        };
    }

    /** UP_TO_DATE, BEHIND_MINOR or BEHIND_MAJOR against the template's published versions; cached for one summary. */
    static final class Versions {
        private final Map<String, List<TemplateVersion>> published = new HashMap<>();

        String status(TemplateType type, String templateName, Integer major, Integer minor) {
            if (major == null || minor == null) {
                return "UP_TO_DATE";
            }
            List<TemplateVersion> versions = published.computeIfAbsent(type + "/" + templateName, k -> Template.find(type, templateName)
                    .map(t -> TemplateVersion.<TemplateVersion>list("template = ?1 and status = ?2", Sort.descending("majorVersion", "minorVersion"),
                            t, TemplateVersion.Status.PUBLISHED))
                    .orElse(List.of()));
            if (versions.isEmpty()) {
                return "UP_TO_DATE";
            }
            if (versions.get(0).majorVersion > major) {
                return "BEHIND_MAJOR";
            }
            boolean newerMinor = versions.stream().anyMatch(v -> v.majorVersion == major && v.minorVersion > minor);
            return newerMinor ? "BEHIND_MINOR" : "UP_TO_DATE";
        }
    }
}

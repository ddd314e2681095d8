package dev.pave.fleet;

import dev.pave.component.Component;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.plan.VersionRules.Standing;
import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a team owns, each with where it stands against its template's recommended version: the "My team" view. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TeamResources {

    public enum Kind {
        ENVIRONMENT, SERVICE_INSTANCE, PIPELINE, COMPONENT
    }

    /** One deployed thing; {@code service} is set for instances and pipelines, {@code recommended} when a newer version is. */
    public record Row(Kind kind, String service, String name, String template, String version, String recommended, Standing standing,
            String status) {

        public boolean behind() {
            return standing != Standing.UP_TO_DATE;
        }
    }

    /** The team's services, and every environment, instance, pipeline and component it owns. */
    public record Owned(List<Service> services, List<Row> rows) {

        public long behind() {
            return rows.stream().filter(Row::behind).count();
        }
    }

    @Inject
    TemplateService templates;

    public Owned of(Caller caller, String team) {
        caller.requireAnyRole();
        RecommendedVersions versions = new RecommendedVersions(templates);
        List<Row> rows = new ArrayList<>();
        for (Environment e : Environment.<Environment>list("ownerTeam = ?1 order by name", team)) {
            rows.add(row(versions, Kind.ENVIRONMENT, null, e.name, TemplateType.ENVIRONMENT, e.templateName, e.templateVersion, e.deployment));
        }
        List<Service> services = Service.list("ownerTeam = ?1 order by name", team);
        for (Service s : services) {
            if (s.hasPipeline) {
                rows.add(row(versions, Kind.PIPELINE, s.name, "pipeline", TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion,
                        s.pipelineState()));
            }
            for (ServiceInstance i : ServiceInstance.of(s.name)) {
                rows.add(row(versions, Kind.SERVICE_INSTANCE, s.name, i.name, TemplateType.SERVICE, i.templateName, i.templateVersion, i.deployment));
            }
        }
        for (Component c : Component.<Component>list("ownerTeam = ?1 order by name", team)) {
            rows.add(new Row(Kind.COMPONENT, null, c.name, null, null, null, Standing.UP_TO_DATE, c.deployment.status.name()));
        }
        return new Owned(services, rows);
    }

    private static Row row(RecommendedVersions versions, Kind kind, String service, String name, TemplateType type, String template,
            DeployedVersion version, DeploymentState state) {
        Standing standing = versions.standing(type, template, version.major, version.minor);
        Optional<TemplateVersion> recommended = versions.of(type, template);
        return new Row(kind, service, name, template, version.version(), standing == Standing.UP_TO_DATE ? null : recommended.get().version(),
                standing, state.status.name());
    }
}

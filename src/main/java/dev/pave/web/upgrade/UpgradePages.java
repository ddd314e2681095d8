package dev.pave.web.upgrade;

import dev.pave.deploy.plan.VersionRules;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.upgrade.UpgradePlans;
import dev.pave.web.Viewer;
import dev.pave.web.catalog.TemplatePaths;
import dev.pave.web.resources.ResourcePaths;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A template's upgrade plan: the blast radius of moving what runs it to a version, and each resource's diff or blocker. */
@Path("/templates/{type}/{name}/upgrade")
public class UpgradePages {

    /** A planned resource with its page. */
    public record Row(UpgradePlans.Item item, String link) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance plan(UpgradePlans.Plan plan, List<Row> rows, List<TemplateVersion> versions, String templatePage);
    }

    @Inject
    UpgradePlans plans;

    @Inject
    TemplateService templates;

    @Inject
    VersionRules versionRules;

    @Inject
    Viewer viewer;

    /** The plan for {@code version} ({@code major.minor}; none: the recommended version). */
    @GET
    public TemplateInstance plan(@RestPath String type, @RestPath String name, @RestQuery String version) {
        var caller = viewer.caller();
        TemplateType templateType = TemplatePaths.type(type);
        int[] v = version == null || version.isBlank() ? null : TemplatePaths.version(version);
        UpgradePlans.Plan plan = plans.plan(caller, templateType, name, v == null ? null : v[0], v == null ? null : v[1]);
        Template template = plan.template();
        List<Row> rows = plan.items().stream().map(i -> new Row(i, ResourcePaths.of(i.resource()))).toList();
        return Templates.plan(plan, rows, versionRules.published(caller, template), TemplatePaths.of(template));
    }
}

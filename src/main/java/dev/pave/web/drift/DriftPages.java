package dev.pave.web.drift;

import dev.pave.Arns;
import dev.pave.drift.DriftChecks;
import dev.pave.drift.DriftFinding;
import dev.pave.error.ConflictException;
import dev.pave.sync.ServiceSyncProposals;
import dev.pave.web.Viewer;
import dev.pave.web.resources.ResourcePaths;
import dev.pave.web.teams.OwnerPanels;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** The fleet's drift (open findings, filtered by team, template and kind), and each panel's "Check drift now" and Restore. */
@Path("/drift")
public class DriftPages {

    /** A finding with the page of its resource. */
    public record Row(DriftFinding finding, String resource, String link) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Row> rows, String team, String template, String kind, List<String> teams,
                List<DriftFinding.Kind> kinds);

        static native TemplateInstance adopted(String resource, String link, ServiceSyncProposals.Proposed proposed);
    }

    @Inject
    DriftChecks checks;

    @Inject
    OwnerPanels owners;

    @Inject
    Arns arns;

    @Inject
    Viewer viewer;

    @Inject
    ServiceSyncProposals proposals;

    @GET
    public TemplateInstance index(@RestQuery String team, @RestQuery String template, @RestQuery String kind) {
        var caller = viewer.caller();
        String t = blankToNull(team);
        String tpl = blankToNull(template);
        DriftFinding.Kind k = Arrays.stream(DriftFinding.Kind.values()).filter(x -> x.name().equals(kind)).findFirst().orElse(null);
        List<Row> rows = checks.open(caller, t, tpl, k).stream().map(f -> new Row(f, resource(f.resourceArn), link(f.resourceArn))).toList();
        return Templates.index(rows, t, tpl, k == null ? null : k.name(), owners.every(caller), List.of(DriftFinding.Kind.values()));
    }

    @POST
    @Path("check")
    @RolesAllowed({"developer", "platform-admin"})
    public Response check(@RestForm String arn) {
        checks.check(viewer.caller(), arn);
        return Response.seeOther(URI.create(link(arn) + "#drift")).build();
    }

    @POST
    @Path("restore")
    @RolesAllowed({"developer", "platform-admin"})
    public Response restore(@RestForm String arn) {
        checks.restore(viewer.caller(), arn);
        return Response.seeOther(URI.create(link(arn))).build();
    }

    /** "Adopt into Git": the spec the instance runs, pushed as a review branch of its spec file's branch. */
    @POST
    @Path("adopt")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance adopt(@RestForm String arn) {
        var caller = viewer.caller();
        DriftChecks.Panel panel = checks.panel(caller, arn);
        if (!panel.adoptable()) {
            throw new ConflictException(panel.target().label() + " has no spec drift to adopt into Git");
        }
        ServiceSyncProposals.Proposed proposed = proposals.adopt(caller, panel.target().service(), panel.target().name());
        return Templates.adopted(resource(arn), link(arn), proposed);
    }

    /** "environment/dev" → "dev", "service/api/service-instance/dev" → "api/dev". */
    private String resource(String arn) {
        String rest = arn.startsWith(arns.prefix()) ? arn.substring(arns.prefix().length()) : arn;
        return rest.replace("/service-instance/", "/").replaceFirst("^(environment|component|service)/", "");
    }

    /** The resource's page. */
    private String link(String arn) {
        String rest = arn == null || !arn.startsWith(arns.prefix()) ? "" : arn.substring(arns.prefix().length());
        String[] parts = rest.split("/");
        if (parts.length == 2 && parts[0].equals("environment")) {
            return ResourcePaths.environment(parts[1]);
        }
        if (parts.length == 2 && parts[0].equals("component")) {
            return ResourcePaths.component(parts[1]);
        }
        if (parts.length == 4 && parts[0].equals("service") && parts[2].equals("service-instance")) {
            return ResourcePaths.instance(parts[1], parts[3]);
        }
        if (parts.length == 3 && parts[0].equals("service") && parts[2].equals("pipeline")) {
            return ResourcePaths.pipeline(parts[1]);
        }
        return "/drift";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

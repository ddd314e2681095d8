package dev.pave.web.approval;

import dev.pave.approval.Approval;
import dev.pave.approval.Approvals;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.upgrade.UpgradePlans;
import dev.pave.web.Viewer;
import dev.pave.web.resources.ResourcePaths;
import dev.pave.web.upgrade.UpgradePages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** Approvals in the portal: what waits, and one approval with the diffs it would deploy, approved or rejected with a comment. */
@Path("/approvals")
public class ApprovalPages {

    /**
     * An approval as its page shows it.
     *
     * @param rows the plan's resources this approval covers (its resource, or its team's resources in the campaign)
     * @param planError why the diffs cannot be shown (the version is no longer offered, …); null when they can
     * @param refusal why the viewer may not decide it; null when they may
     */
    public record Page(Approval approval, String deciders, List<UpgradePages.Row> rows, String planError, String refusal) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Approval> pending, List<Approval> decided);

        static native TemplateInstance show(Page page);
    }

    @Inject
    Approvals approvals;

    @Inject
    UpgradePlans plans;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index() {
        Caller caller = viewer.caller();
        return Templates.index(approvals.approvals(caller, Approval.Status.PENDING, 200),
                approvals.approvals(caller, null, 50).stream().filter(a -> a.status != Approval.Status.PENDING).toList());
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@RestPath String id) {
        Caller caller = viewer.caller();
        Approval a = approvals.approval(caller, id);
        List<UpgradePages.Row> rows = List.of();
        String planError = null;
        if (a.status == Approval.Status.PENDING) {
            try {
                rows = plans.plan(caller, a.templateType, a.templateName, a.targetMajor, a.targetMinor).items().stream()
                        .filter(i -> a.kind == Approval.Kind.UPDATE ? i.resource().arn().equals(a.targetArn) : a.team == null || a.team.equals(i.resource().team()))
                        .map(i -> new UpgradePages.Row(i, ResourcePaths.of(i.resource()))).toList();
            } catch (PaveException e) {
                planError = e.getMessage();
            }
        }
        return Templates.show(new Page(a, approvals.deciders(a), rows, planError, approvals.refusal(caller, a).orElse(null)));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed("approver")
    public Response approve(@RestPath String id, @RestForm String comment) {
        approvals.decide(viewer.caller(), id, true, comment);
        return Response.seeOther(URI.create("/approvals/" + id)).build();
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed("approver")
    public Response reject(@RestPath String id, @RestForm String comment) {
        approvals.decide(viewer.caller(), id, false, comment);
        return Response.seeOther(URI.create("/approvals/" + id)).build();
    }
}

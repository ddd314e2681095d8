package dev.pave.web.notices;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.notice.NoticeDelivery;
import dev.pave.notice.NoticeTarget;
import dev.pave.notice.NoticeTargets;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import dev.pave.web.teams.OwnerPanels;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Notice targets: the list and the form to add one (admins: for every event or a team; developers: for their teams),
 * and each target's page with its latest deliveries and failures, "Send test" and Delete.
 */
@Path("/notices")
public class NoticeTargetPages {

    static final int DELIVERIES = 30;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<NoticeTarget> targets, List<String> teams, boolean admin, Form form);

        static native TemplateInstance show(NoticeTarget target, List<NoticeDelivery> deliveries, String message);
    }

    @Inject
    NoticeTargets targets;

    @Inject
    OwnerPanels owners;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index() {
        return index(Form.empty().with("kind", "WEBHOOK"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({"developer", "platform-admin"})
    public Response create(MultivaluedMap<String, String> body) {
        Form form = Form.posted(body);
        try {
            NoticeTarget.Kind kind = switch (form.valueOf("kind")) {
                case "SLACK" -> NoticeTarget.Kind.SLACK;
                case "EVENTBRIDGE" -> NoticeTarget.Kind.EVENTBRIDGE;
                case "WEBHOOK" -> NoticeTarget.Kind.WEBHOOK;
                default -> null;
            };
            NoticeTarget t = targets.create(viewer.caller(), new NoticeTargets.NewTarget(form.valueOf("name"), kind, form.valueOf("url"),
                    body.getFirst("secret"), form.valueOf("eventBus"), form.valueOf("source"), form.valueOf("team")));
            return Response.seeOther(URI.create("/notices/" + t.id)).build();
        } catch (ValidationException e) {
            form.reject(e, "name", "kind", "url", "secret", "eventBus", "source", "team");
        } catch (PaveException e) {
            form.reject(e);
        }
        return Response.status(400).entity(index(form)).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@RestPath long id) {
        return show(id, null);
    }

    @POST
    @Path("{id}/test")
    @RolesAllowed({"developer", "platform-admin"})
    public TemplateInstance sendTest(@RestPath long id) {
        targets.sendTest(viewer.caller(), id);
        return show(id, "A test notice is on its way; its delivery shows below within seconds.");
    }

    @POST
    @Path("{id}/delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath long id) {
        targets.delete(viewer.caller(), id);
        return Response.seeOther(URI.create("/notices")).build();
    }

    private TemplateInstance index(Form form) {
        var caller = viewer.caller();
        boolean admin = viewer.isAdmin();
        List<String> teams = admin ? owners.every(caller) : caller.teams().stream().sorted().toList();
        return Templates.index(targets.targets(caller), teams, admin, form);
    }

    private TemplateInstance show(long id, String message) {
        var caller = viewer.caller();
        return Templates.show(targets.target(caller, id), targets.deliveries(caller, id, DELIVERIES), message);
    }
}

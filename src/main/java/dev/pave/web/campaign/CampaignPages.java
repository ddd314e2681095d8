package dev.pave.web.campaign;

import dev.pave.campaign.Campaign;
import dev.pave.campaign.CampaignService.NewCampaign;
import dev.pave.campaign.CampaignService;
import dev.pave.error.PaveException;
import dev.pave.identity.Caller;
import dev.pave.template.TemplateType;
import dev.pave.web.Viewer;
import dev.pave.web.catalog.TemplatePaths;
import dev.pave.web.forms.Form;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Upgrade campaigns in the portal: start one from a template's upgrade plan, watch its waves live, steer it. */
@Path("/campaigns")
public class CampaignPages {

    private static final Duration POLL = Duration.ofSeconds(1);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Campaign> campaigns);

        static native TemplateInstance add(Form form);

        static native TemplateInstance show(CampaignService.View view);

        static native TemplateInstance show$progress(CampaignService.View view);
    }

    @Inject
    CampaignService campaigns;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index() {
        return Templates.index(campaigns.campaigns(viewer.caller(), null, 100));
    }

    /** The campaign form for a template, prefilled from its upgrade plan page. */
    @GET
    @Path("new")
    @RolesAllowed("platform-admin")
    public TemplateInstance add(@RestQuery String type, @RestQuery String template, @RestQuery String version) {
        Form form = Form.empty().with("type", type == null ? "environment" : type).with("template", template).with("version", version)
                .with("groupTag", CampaignService.DEFAULT_GROUP_TAG).with("order", "dev, staging, prod").with("maxParallel", "10")
                .with("failureLimit", "0").with("soakSeconds", "0");
        return Templates.add(form);
    }

    @POST
    @Path("new")
    @RolesAllowed("platform-admin")
    public Response create(MultivaluedMap<String, String> body) {
        Form form = Form.posted(body);
        String slug = form.valueOf("type");
        TemplateType type = "environment".equals(slug) || "service".equals(slug) ? TemplatePaths.type(slug) : null;
        if (type == null) {
            form.reject("type", "Choose environment or service.");
        }
        Integer[] version = version(form);
        int maxParallel = number(form, "maxParallel");
        int failureLimit = number(form, "failureLimit");
        int soak = number(form, "soakSeconds");
        if (form.valueOf("template") == null || form.valueOf("template").isBlank()) {
            form.reject("template", "Name the template.");
        }
        if (!form.hasErrors()) {
            try {
                Campaign c = campaigns.create(viewer.caller(), new NewCampaign(type, form.valueOf("template").strip(), version[0], version[1],
                        form.valueOf("groupTag").strip(), words(form.valueOf("order")), waves(form.valueOf("waves")), maxParallel, failureLimit, soak,
                        words(form.valueOf("alarms"))));
                return Response.seeOther(URI.create("/campaigns/" + c.id)).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.add(form)).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@RestPath String id) {
        return Templates.show(campaigns.view(viewer.caller(), id));
    }

    /**
     * The progress panel as {@code text/event-stream}: a {@code progress} event with the panel's HTML whenever it
     * changes, then {@code end} once the campaign is finished.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@RestPath String id, @Context Sse sse) {
        Caller caller = viewer.caller();
        campaigns.view(caller, id); // 404 or 403 before the stream starts
        AtomicReference<String> last = new AtomicReference<>("");
        AtomicBoolean done = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                .onOverflow().drop()
                .select().first(t -> !done.get())
                .onItem().transformToUniAndConcatenate(t -> Uni.createFrom().item(() -> campaigns.view(caller, id))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().transformToIterable(view -> {
                    List<OutboundSseEvent> out = new ArrayList<>();
                    String html = Templates.show$progress(view).render();
                    if (!html.equals(last.getAndSet(html))) {
                        out.add(sse.newEventBuilder().name("progress").data(html).build());
                    }
                    if (view.campaign().finishedAt != null && !done.getAndSet(true)) {
                        out.add(sse.newEventBuilder().name("end").data(view.campaign().status.name()).build());
                    }
                    return out;
                });
    }

    /** Pause, resume, promote, abort or roll back; back to the campaign page, the refusal shown there. */
    @POST
    @Path("{id}/{action}")
    @RolesAllowed("platform-admin")
    public Response steer(@RestPath String id, @RestPath String action) {
        CampaignService.Action chosen = CampaignService.Action.byPath(action).orElseThrow(NotFoundException::new);
        campaigns.steer(viewer.caller(), id, chosen);
        return Response.seeOther(URI.create("/campaigns/" + id)).build();
    }

    private static Integer[] version(Form form) {
        String text = form.valueOf("version");
        if (text == null || text.isBlank()) {
            return new Integer[] {null, null};
        }
        try {
            int[] v = TemplatePaths.version(text.strip());
            return new Integer[] {v[0], v[1]};
        } catch (RuntimeException e) {
            form.reject("version", "Write a version as major.minor, e.g. 1.2, or leave it empty for the recommended one.");
            return new Integer[] {null, null};
        }
    }

    private static int number(Form form, String field) {
        try {
            return Integer.parseInt(form.valueOf(field) == null ? "" : form.valueOf(field).strip());
        } catch (NumberFormatException e) {
            form.reject(field, "Enter a whole number.");
            return 0;
        }
    }

    /** "dev, staging prod" → [dev, staging, prod]. */
    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
    }

    /** One wave per line, environments separated by commas; empty: group by tag. */
    private static List<List<String>> waves(String text) {
        return text == null ? List.of() : text.lines().map(CampaignPages::words).filter(w -> !w.isEmpty()).toList();
    }
}

package dev.pave.web.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentEvent;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.TargetType;
import dev.pave.environment.EnvironmentService;
import dev.pave.identity.Caller;
import dev.pave.schema.SpecDocuments;
import dev.pave.team.Ownership;
import dev.pave.web.DeploymentFormats;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Viewer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Deployments of every target: the list (newest first, by status and target), one deployment's page with its
 * states, applied files and live log, and the log itself as a server-sent event stream read from the stored cursor,
 * so a reload, a second browser or another replica shows the same lines.
 */
@Path("/deployments")
public class Deployments {

    static final int PAGE_SIZE = 50;
    static final Duration POLL = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The list's filters as the page's query has them; empty strings for "any". */
    @TemplateData
    public record Listing(String status, String target, String environment, String service, String instance, String component) {

        DeploymentService.Filter filter() {
            return new DeploymentService.Filter(QueryParams.orNull(environment), QueryParams.orNull(service), QueryParams.orNull(instance),
                    QueryParams.orNull(component), target.isEmpty() ? null : TargetType.valueOf(target));
        }

        /** The list's URL on another page, the filters kept. */
        public String url(int page) {
            return "/deployments?status=" + status + "&target=" + target + "&environment=" + QueryParams.encode(environment)
                    + "&service=" + QueryParams.encode(service) + "&instance=" + QueryParams.encode(instance) + "&component="
                    + QueryParams.encode(component) + "&page=" + page;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Deployment> deployments, Listing listing, List<String> statuses, List<String> targets,
                int page, boolean more);

        static native TemplateInstance index$list(List<Deployment> deployments, Listing listing, List<String> statuses, List<String> targets,
                int page, boolean more);

        static native TemplateInstance show(Deployment deployment, Map<String, String> files, String initialState, String targetState,
                Map<String, String> outputs);
    }

    @Inject
    Ownership ownership;

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    DeploymentLog log;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery String status, @RestQuery String target, @RestQuery String environment, @RestQuery String service,
            @RestQuery String instance, @RestQuery String component, @RestQuery Integer page) {
        int current = QueryParams.page(page);
        DeploymentStatus s = QueryParams.choice(DeploymentStatus.class, "status", status);
        TargetType t = QueryParams.choice(TargetType.class, "target", target);
        Listing listing = new Listing(s == null ? "" : s.name(), t == null ? "" : t.name(), QueryParams.text(environment),
                QueryParams.text(service), QueryParams.text(instance), QueryParams.text(component));
        List<Deployment> found = deployments.deployments(viewer.caller(), listing.filter(), s, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<String> statuses = Arrays.stream(DeploymentStatus.values()).map(Enum::name).toList();
        List<String> targets = Arrays.stream(TargetType.values()).map(Enum::name).toList();
        List<Deployment> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        boolean more = found.size() > PAGE_SIZE;
        return htmx.targets("deployment-list") ? Templates.index$list(shown, listing, statuses, targets, current, more)
                : Templates.index(shown, listing, statuses, targets, current, more);
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@RestPath String id) {
        Deployment d = deployments.deployment(viewer.caller(), id);
        return Templates.show(d, deployments.files(id), pretty(d.initialState), pretty(d.targetState), deployments.deploymentOutputs(id));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({"developer", "platform-admin"})
    public Response cancel(@RestPath String id) {
        Caller caller = viewer.caller();
        Deployment d = deployments.deployment(caller, id);
        if (d.targetType == TargetType.ENVIRONMENT) {
            environments.cancelDeployment(caller, d.environmentName);
        } else {
            QuarkusTransaction.requiringNew().run(() -> {
                ownership.requireChange(caller, d.targetArn);
                deployments.cancel(caller, d.targetArn, DeploymentFormats.target(d));
            });
        }
        if (htmx.wantsFragment()) {
            return Response.noContent().header(Htmx.TRIGGER, "deploymentChanged").build();
        }
        return Response.seeOther(URI.create("/deployments/" + id)).build();
    }

    /**
     * The log as {@code text/event-stream}: each event's id is its sequence number, so a reconnecting EventSource
     * resumes after {@code Last-Event-ID}; an {@code end} event closes the stream once the deployment is finished.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@RestPath String id, @RestHeader("Last-Event-ID") String lastEventId,
            @RestQuery Integer after, @Context Sse sse) {
        Caller caller = viewer.caller();
        deployments.deployment(caller, id); // 404 or 403 before the stream starts
        AtomicInteger cursor = new AtomicInteger(start(lastEventId, after));
        AtomicBoolean done = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                .onOverflow().drop()
                .select().first(t -> !done.get())
                .onItem().transformToUniAndConcatenate(t -> Uni.createFrom().item(() -> log.after(caller, id, cursor.get()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .onItem().transformToIterable(batch -> {
                    List<OutboundSseEvent> out = new ArrayList<>();
                    for (DeploymentEvent e : batch.events()) {
                        cursor.set(e.seq());
                        out.add(sse.newEventBuilder().id(String.valueOf(e.seq())).data(json(e)).build());
                    }
                    if (batch.finished() && !done.getAndSet(true)) {
                        out.add(sse.newEventBuilder().name("end").data("{\"status\":\"" + batch.status() + "\"}").build());
                    }
                    return out;
                });
    }

    private static int start(String lastEventId, Integer after) {
        try {
            if (lastEventId != null && !lastEventId.isBlank()) {
                return Integer.parseInt(lastEventId.strip());
            }
        } catch (NumberFormatException e) {
            // a foreign id: start over
        }
        return after == null ? 0 : Math.max(0, after);
    }

    private static String json(DeploymentEvent e) {
        ObjectNode n = JSON.createObjectNode().put("seq", e.seq()).put("at", e.at().toString()).put("level", e.level().name())
                .put("message", e.message());
        return n.toString();
    }

    /** A stored state as YAML, the way its spec was written; a state that is not JSON is shown as it is. */
    private static String pretty(String json) {
        if (json == null) {
            return null;
        }
        try {
            return SpecDocuments.readable(SpecDocuments.asWritten(JSON.readTree(json)));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}

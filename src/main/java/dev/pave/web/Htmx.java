package dev.pave.web;

import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;

/** What htmx says about the current request, so a controller can answer with a fragment instead of a page. */
@RequestScoped
public class Htmx {

    /** Response header naming client-side events to fire, e.g. panels that listen with {@code from:body}. */
    public static final String TRIGGER = "HX-Trigger";

    @Inject
    HttpServerRequest request;

    /** An htmx request that wants a fragment; a history restore after a reload wants the whole page. */
    public boolean wantsFragment() {
        return "true".equals(request.getHeader("HX-Request")) && !"true".equals(request.getHeader("HX-History-Restore-Request"));
    }

    /**
     * The answer to a change of a resource's deployment (cancel, update): for htmx its status panel and the
     * {@code deploymentChanged} event its other panels listen for; for a plain form a redirect to its page.
     */
    public Response deploymentChanged(Supplier<TemplateInstance> statusPanel, String page) {
        if (wantsFragment()) {
            return Response.ok(statusPanel.get()).header(TRIGGER, "deploymentChanged").build();
        }
        return Response.seeOther(URI.create(page)).build();
    }

    /**
     * A resource's page (environment, instance, pipeline, component), or the panel htmx asks for by its id when a
     * deployment changed: {@code <kind>-status}, {@code <kind>-facts} (outputs, resources), {@code <kind>-history}.
     */
    public <P> TemplateInstance resourcePage(String kind, P page, Function<P, TemplateInstance> whole, Function<P, TemplateInstance> status,
            Function<P, TemplateInstance> facts, Function<P, TemplateInstance> history) {
        if (targets(kind + "-facts")) {
            return facts.apply(page);
        }
        if (targets(kind + "-history")) {
            return history.apply(page);
        }
        return targets(kind + "-status") ? status.apply(page) : whole.apply(page);
    }

    /** Whether the fragment is for the element with this id. */
    public boolean targets(String id) {
        return wantsFragment() && id.equals(request.getHeader("HX-Target"));
    }
}

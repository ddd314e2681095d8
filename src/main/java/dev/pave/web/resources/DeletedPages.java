package dev.pave.web.resources;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.web.Htmx;
import dev.pave.web.QueryParams;
import dev.pave.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A resource page whose resource is gone. When its newest deployment deleted it, the page turns into a notice naming
 * that deletion, with a link to the resource's deployments and no actions; a panel of the still-open page that asks
 * for its update (htmx) gets the page reloaded into that notice. Anything else missing stays a plain 404.
 */
@RequestScoped
public class DeletedPages {

    /** htmx response header: reload the whole page. */
    static final String REFRESH = "HX-Refresh";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance deleted(String what, Deployment deletion, String deployments);
    }

    @Inject
    DeploymentService deployments;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    /** The page, or, if {@code what} (e.g. "Environment dev") was deleted, the notice. */
    Response pageOrDeleted(Supplier<TemplateInstance> page, String what, DeploymentService.Filter resource) {
        TemplateInstance shown;
        try {
            shown = page.get();
        } catch (ResourceNotFoundException e) {
            Deployment deletion = deployments.deletion(viewer.caller(), resource).orElseThrow(() -> e);
            if (htmx.wantsFragment()) {
                return Response.noContent().header(REFRESH, "true").build();
            }
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE).entity(Templates.deleted(what, deletion, listUrl(resource))).build();
        }
        return Response.ok(shown).build();
    }

    /** The deployments page listing the resource's deployments. */
    static String listUrl(DeploymentService.Filter f) {
        List<String> query = new ArrayList<>();
        add(query, "target", f.targetType() == null ? null : f.targetType().name());
        add(query, "environment", f.environmentName());
        add(query, "service", f.serviceName());
        add(query, "instance", f.serviceInstanceName());
        add(query, "component", f.componentName());
        return "/deployments?" + String.join("&", query);
    }

    private static void add(List<String> query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + QueryParams.encode(value));
        }
    }
}

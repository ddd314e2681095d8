package dev.pave.web.resources;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.repository.RepositoryService;
import dev.pave.service.Service;
import dev.pave.service.ServiceService;
import dev.pave.sync.ServiceSyncProposals;
import dev.pave.sync.ServiceSyncService;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
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

/**
 * A service's "Service sync" tab: where its proton-ops file is (set, changed or removed here), each listed instance's
 * desired revision and last syncs, and the blockers that hold sync back, each resolved here with a reason.
 */
@Path("/services/{name}/sync")
public class ServiceSyncPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(Service service, ServiceSyncService.Overview sync, List<ServiceSyncProposals.Proposed> proposed,
                List<String> repositories, Form form, Form resolve);
    }

    @Inject
    ServiceService services;

    @Inject
    ServiceSyncService syncs;

    @Inject
    RepositoryService repositories;

    @Inject
    ServiceSyncProposals proposals;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance show(@RestPath String name) {
        ServiceSyncService.Overview sync = syncs.overview(viewer.caller(), name).orElse(null);
        Form form = sync == null ? Form.empty().with("branch", "main").with("filePath", "proton-ops.yaml")
                : Form.empty().with("repository", sync.config().repositoryProvider + "/" + sync.config().repositoryName)
                        .with("branch", sync.config().branch).with("filePath", sync.config().filePath);
        return page(name, sync, form, Form.empty());
    }

    /** Starts syncing the service from a proton-ops file, or points it at another one. */
    @POST
    @RolesAllowed({"developer", "platform-admin"})
    public Response save(@RestPath String name, @RestForm String repository, @RestForm String branch, @RestForm String filePath) {
        Form form = Form.empty().with("repository", repository).with("branch", branch).with("filePath", filePath);
        int slash = repository == null ? -1 : repository.indexOf('/');
        if (slash < 0) {
            form.reject("repository", "Choose a linked repository.");
        }
        if (branch == null || branch.isBlank()) {
            form.reject("branch", "Enter a branch, e.g. main.");
        }
        if (filePath == null || filePath.isBlank()) {
            form.reject("filePath", "Enter the proton-ops file's path, e.g. proton-ops.yaml.");
        }
        boolean syncing = syncs.overview(viewer.caller(), name).isPresent();
        if (!form.hasErrors()) {
            ServiceSyncService.Source source = new ServiceSyncService.Source(repository.substring(0, slash), repository.substring(slash + 1),
                    branch.strip(), filePath.strip());
            try {
                if (syncing) {
                    syncs.update(viewer.caller(), name, source);
                } else {
                    syncs.create(viewer.caller(), name, source);
                }
                return back(name);
            } catch (ValidationException e) {
                form.reject(e, "repository", "branch", "filePath");
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(page(name, syncs.overview(viewer.caller(), name).orElse(null), form, Form.empty())).build();
    }

    /** Stops syncing; the instances stay as they are. */
    @POST
    @Path("delete")
    @RolesAllowed({"developer", "platform-admin"})
    public Response delete(@RestPath String name) {
        syncs.delete(viewer.caller(), name);
        return back(name);
    }

    /** Resolves a blocker; the reason is required and kept with who gave it. */
    @POST
    @Path("blockers/{id}")
    @RolesAllowed({"developer", "platform-admin"})
    public Response resolve(@RestPath String name, @RestPath String id, @RestForm String resolvedReason) {
        Form resolve = Form.empty().with("blocker", id).with("resolvedReason", resolvedReason);
        if (resolvedReason == null || resolvedReason.isBlank()) {
            resolve.reject("resolvedReason", "Say why sync may go on, e.g. \"the hand-made change is now in Git\".");
        } else {
            try {
                syncs.resolve(viewer.caller(), id, resolvedReason);
                return back(name);
            } catch (ValidationException e) {
                resolve.reject(e, "resolvedReason");
            } catch (PaveException e) {
                resolve.reject(e);
            }
        }
        ServiceSyncService.Overview sync = syncs.overview(viewer.caller(), name).orElse(null);
        return Response.status(400).entity(page(name, sync, Form.empty(), resolve)).build();
    }

    private TemplateInstance page(String name, ServiceSyncService.Overview sync, Form form, Form resolve) {
        List<String> linked = viewer.isDeployer() ? repositories.choices(viewer.caller()) : List.of();
        return Templates.show(services.service(viewer.caller(), name), sync, sync == null ? List.of() : proposals.proposed(sync.config()), linked,
                form, resolve);
    }

    private static Response back(String name) {
        return Response.seeOther(URI.create("/services/" + name + "/sync")).build();
    }
}

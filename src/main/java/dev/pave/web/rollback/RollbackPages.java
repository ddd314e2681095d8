package dev.pave.web.rollback;

import dev.pave.rollback.Rollbacks;
import dev.pave.web.Viewer;
import dev.pave.web.resources.ResourcePaths;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/** The rollback panel's "Roll back": deploys what the panel showed, then back to the resource's page. */
@Path("/rollback")
public class RollbackPages {

    @Inject
    Rollbacks rollbacks;

    @Inject
    Viewer viewer;

    @POST
    @RolesAllowed({"developer", "platform-admin"})
    public Response rollBack(@RestForm String arn) {
        Rollbacks.Rollback done = rollbacks.rollBack(viewer.caller(), arn);
        return Response.seeOther(URI.create(ResourcePaths.of(done.resource()))).build();
    }
}

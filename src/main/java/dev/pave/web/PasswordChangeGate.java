package dev.pave.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps a user whose password must change (a first login with an initial password) on the change-password page
 * until it is changed. Only the identity a Pave session gives carries that mark (see SessionIdentities), so what
 * decides is how the request was authenticated, never what headers it carries. Static assets and /q/* never
 * reach REST filters.
 */
public class PasswordChangeGate {

    public static final String PAGE = "/account/password";

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @ServerRequestFilter
    public Optional<Response> holdBack(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals(PAGE) || path.equals("/logout") || !viewer.mustChangePassword()) {
            return Optional.empty();
        }
        if (htmx.wantsFragment()) {
            // a fragment request would swap the form into a panel; make htmx load the whole page instead
            return Optional.of(Response.ok().header("HX-Redirect", PAGE).build());
        }
        return Optional.of(Response.seeOther(URI.create(PAGE)).build());
    }
}

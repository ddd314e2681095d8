package dev.pave.api;

import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.RequestSigning;
import dev.pave.identity.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who calls one of Pave's JSON endpoints beside the Proton door: a logged-in browser (its session), or a script
 * signing with SigV4 like the Proton API. Those paths are open to anonymous requests in the HTTP policy, so
 * the resources resolve the caller here and nothing is served without one.
 */
@RequestScoped
public class MachineCallers {

    @Inject
    SecurityIdentity identity;

    @Inject
    RequestSigning signing;

    public Caller resolve(String method, byte[] body, HttpHeaders headers, UriInfo uri, HttpServerRequest http) {
        if (!identity.isAnonymous()) {
            Set<Role> roles = identity.getRoles().stream().map(Role::byId).flatMap(Optional::stream)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
            return new Caller(identity.getPrincipal().getName(), roles, Door.WEB);
        }
        return signing.authenticate(method, uri.getRequestUri(), headers, http.host(), body);
    }
}

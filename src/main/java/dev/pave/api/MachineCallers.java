package dev.pave.api;

import dev.pave.identity.Caller;
import dev.pave.identity.RequestSigning;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

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
            return Caller.of(identity);
        }
        return signing.authenticate(method, uri.getRequestUri(), headers, http.host(), body);
    }
}

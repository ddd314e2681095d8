package dev.pave.identity;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Where "Sign in with SSO" starts: this path alone is guarded by the OIDC code flow, so reaching the method means the
 * identity provider has logged the user in (and {@link OidcUsers} has made them a Pave user). From here on the browser
 * holds a Pave session like any other, which Pave can end (logout, disable, role change).
 */
@Path("/login/oidc")
public class OidcLogin {

    /** Where the provider's logout starts (quarkus.oidc.logout.path): Quarkus sends the browser on with the ID token as hint. */
    public static final String SINGLE_SIGN_OUT = "/login/oidc/logout";
    /** The name (or prefix, when chunked) of the cookie that keeps the provider's tokens for that logout. */
    public static final String PROVIDER_SESSION_COOKIE = "q_session";

    @Inject
    SecurityIdentity identity;

    @Inject
    WebSessions sessions;

    @Inject
    HttpServerRequest request;

    @GET
    @Authenticated
    public Response loggedIn() {
        WebSessions.Started session = sessions.start(identity.getPrincipal().getName());
        return Response.seeOther(URI.create("/")).cookie(SessionCookies.issue(session, "https".equals(request.scheme()))).build();
    }
}

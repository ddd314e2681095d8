package dev.pave.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Where "Sign in with SSO" starts: this path is guarded by the OIDC code flow, so reaching the method means the
 * identity provider has logged the user in (and {@link OidcUsers} has made them a Pave user).
 */
@Path("/login/oidc")
public class OidcLogin {

    @GET
    @Authenticated
    public Response loggedIn() {
        return Response.seeOther(URI.create("/")).build();
    }
}

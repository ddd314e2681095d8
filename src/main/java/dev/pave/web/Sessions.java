package dev.pave.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Logging in and out. The form posts to Quarkus' {@code /j_security_check}, which checks the password and sets
 * the session cookie; a failure comes back here with {@code ?error=true}.
 */
@Path("/")
public class Sessions {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean sso);
    }

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean sso;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("login")
    public TemplateInstance login(@RestQuery boolean error) {
        return Templates.login(error, sso);
    }

    @POST
    @Path("logout")
    public Response logout() {
        FormAuthenticationMechanism.logout(identity);
        return Response.seeOther(URI.create("/login")).build();
    }
}

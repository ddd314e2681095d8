package dev.pave.web.account;

import dev.pave.identity.LocalPath;
import dev.pave.identity.OidcLogin;
import dev.pave.identity.SessionCookies;
import dev.pave.identity.SessionMechanism;
import dev.pave.identity.SignIns;
import dev.pave.identity.WebSessions;
import dev.pave.web.CsrfTokens;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Signing in and out. The sign-in form carries a token bound to a short-lived {@code pave-login} cookie (there is no
 * session yet to bind it to), so another site cannot sign a browser into an account of its choosing.
 */
@Path("/")
public class Sessions {

    public static final String LOGIN = "/login";
    private static final Duration FRESH_FORM = Duration.ofMinutes(10);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String token, String username, String next, String error, boolean sso);

        static native TemplateInstance signedOut(String providerLogout);
    }

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false")
    boolean sso;

    @Inject
    SignIns signIns;

    @Inject
    WebSessions sessions;

    @Inject
    CsrfTokens tokens;

    @Inject
    HttpServerRequest request;

    @GET
    @Path("login")
    public Response login(@RestCookie("pave-login") String nonce, @RestQuery String next) {
        return form(nonce, 200, null, next, null);
    }

    @POST
    @Path("login")
    public Response signIn(@RestForm String username, @RestForm String password, @RestForm String next,
            @RestForm(CsrfTokens.FIELD) String token, @RestCookie("pave-login") String nonce) {
        if (!tokens.validLogin(nonce, token)) {
            return form(null, 400, username, next, "This sign-in form has expired. Sign in again.");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return form(nonce, 400, username, next, "Enter your username and password.");
        }
        SignIns.Outcome outcome = signIns.signIn(username.strip(), password.toCharArray(), request.remoteAddress().hostAddress());
        if (outcome.throttled()) {
            long seconds = Math.max(1, outcome.retryAfter().toSeconds() + (outcome.retryAfter().toMillisPart() > 0 ? 1 : 0));
            return Response.fromResponse(form(nonce, 429, username, next, "Too many failed sign-ins for this account or from this address. Try again in "
                    + (seconds < 60 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes") + ".")).header("Retry-After", seconds).build();
        }
        if (outcome.session() == null) {
            return form(nonce, 401, username, next, "The username or password is wrong.");
        }
        return Response.seeOther(URI.create(LocalPath.isSafe(next) ? next : "/")).cookie(SessionCookies.issue(outcome.session(), tls()))
                .cookie(SessionCookies.cookie(CsrfTokens.LOGIN_COOKIE, "", LOGIN, 0, tls())).build();
    }

    /**
     * Ends this session and every other of the user: a copied cookie is no use after its owner signed out. A browser
     * that signed in with SSO is then sent on to the provider's logout (RP-initiated), so the next "Sign in with SSO"
     * asks for a password again; a page takes it there, because the form's own redirects may not leave Pave (CSP
     * form-action 'self').
     */
    @POST
    @Path("logout")
    public Response logout(@RestCookie(SessionMechanism.COOKIE) String session, @Context HttpHeaders headers) {
        sessions.end(session);
        if (sso && headers.getCookies().keySet().stream().anyMatch(name -> name.startsWith(OidcLogin.PROVIDER_SESSION_COOKIE))) {
            return Response.ok(Templates.signedOut(OidcLogin.SINGLE_SIGN_OUT)).header("Cache-Control", "no-store").cookie(SessionCookies.clear(tls())).build();
        }
        return Response.seeOther(URI.create(LOGIN)).cookie(SessionCookies.clear(tls())).build();
    }

    /** The sign-in page, with a new {@code pave-login} cookie unless the browser's lasts a while yet. */
    private Response form(String nonce, int status, String username, String next, String error) {
        Response.ResponseBuilder response = Response.status(status).header("Cache-Control", "no-store");
        if (!CsrfTokens.loginNonceLasts(nonce, FRESH_FORM)) {
            nonce = tokens.newLoginNonce();
            response.cookie(SessionCookies.cookie(CsrfTokens.LOGIN_COOKIE, nonce, LOGIN, (int) CsrfTokens.LOGIN_FORM_LIFETIME.toSeconds(), tls()));
        }
        String back = LocalPath.isSafe(next) ? next : null;
        return response.entity(Templates.login(tokens.forLogin(nonce), username, back, error, sso)).build();
    }

    private boolean tls() {
        return "https".equals(request.scheme());
    }
}

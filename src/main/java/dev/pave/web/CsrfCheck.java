package dev.pave.web;

import dev.pave.identity.SessionMechanism;
import dev.pave.web.account.Sessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Refuses (403) every state-changing request that carries a session cookie but not that session's CSRF token, in the
 * {@code X-CSRF-TOKEN} header or the {@code csrf-token} form field, whatever its content type or body: a browser
 * sends the cookie along with a forged cross-site request, never the token. Requests without a session cookie are
 * not a browser's: the SigV4-signed doors verify their signature instead, and pages refuse them as anonymous.
 * {@code POST /login} checks the login form's own token (no session yet), see {@link Sessions}.
 */
public class CsrfCheck {

    private static final Logger LOG = Logger.getLogger(CsrfCheck.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Inject
    CsrfTokens tokens;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    @WithFormRead
    public Optional<Response> check(ResteasyReactiveContainerRequestContext request, HttpServerRequest http) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(java.util.Locale.ROOT))) {
            return Optional.empty();
        }
        Cookie session = http.getCookie(SessionMechanism.COOKIE);
        if (session == null || Sessions.LOGIN.equals(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        String given = request.getHeaderString(CsrfTokens.HEADER);
        if (given == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(CsrfTokens.FIELD, true, false);
            given = field instanceof String s ? s : null;
        }
        if (CsrfTokens.same(tokens.forSession(session.getValue()), given)) {
            return Optional.empty();
        }
        LOG.debugf("refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), given == null ? "no CSRF token" : "wrong CSRF token");
        return Optional.of(ErrorPages.page(403, "Not allowed", "This request did not come from a Pave page of your session. Reload the page and try again."));
    }
}

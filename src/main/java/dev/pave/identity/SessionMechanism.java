package dev.pave.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * How browsers authenticate: the {@code pave-session} cookie that {@code POST /login} (or an SSO login) sets, checked
 * against the sessions in the database on every request. A cookie whose session is over leaves the request
 * anonymous, so protected pages send the browser to {@code /login} and the login page itself still opens.
 * It is the only mechanism of every path but {@code /login/oidc} (see {@code auth-mechanism} in application.properties).
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {

    public static final String COOKIE = "pave-session";
    private static final String LOGIN = "/login";
    private static final String METRICS = "/q/metrics";
    /** The name application.properties gives this mechanism in {@code auth-mechanism}. */
    static final String SCHEME = "pave-session";

    private static final HttpCredentialTransport TRANSPORT = new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE, SCHEME);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new SessionCookieRequest(cookie.getValue()), context))
                .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }

    /**
     * To the login page, which sends the browser back to the page it asked for; an htmx request (a panel refreshing
     * after the session ended) is told to load the login page as a whole page.
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if ("true".equals(context.request().getHeader("HX-Request"))) {
            return Uni.createFrom().item(new ChallengeData(401, "HX-Redirect", LOGIN));
        }
        if (context.normalizedPath().startsWith(METRICS)) {
            // a scraper cannot follow a login page: tell it which credential is missing
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"Pave metrics\""));
        }
        String asked = context.request().uri();
        boolean back = context.request().method() == HttpMethod.GET && !"/".equals(asked) && LocalPath.isSafe(asked);
        return Uni.createFrom().item(new ChallengeData(302, "Location",
                back ? LOGIN + "?next=" + URLEncoder.encode(asked, StandardCharsets.UTF_8) : LOGIN));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionCookieRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(TRANSPORT);
    }
}

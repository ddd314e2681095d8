package dev.pave.identity;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code pave-session} cookie: HttpOnly, for the whole site, and Secure whenever the browser reached Pave over TLS
 * (directly, or through a proxy Pave trusts to say so, see {@code quarkus.http.proxy.*}). SameSite=Lax, not Strict:
 * a link to Pave from chat or mail, and the way back from the SSO provider, must open signed in; cross-site posts
 * get no cookie, and every change needs the session's CSRF token anyway (see web/CsrfCheck).
 */
public final class SessionCookies {

    private SessionCookies() {
    }

    public static NewCookie issue(WebSessions.Started session, boolean tls) {
        int maxAge = (int) Math.max(0, Duration.between(Instant.now(), session.expiresAt()).getSeconds());
        return cookie(SessionMechanism.COOKIE, session.id(), "/", maxAge, tls);
    }

    public static NewCookie clear(boolean tls) {
        return cookie(SessionMechanism.COOKIE, "", "/", 0, tls);
    }

    public static NewCookie cookie(String name, String value, String path, int maxAge, boolean tls) {
        return new NewCookie.Builder(name).value(value).path(path).maxAge(maxAge).httpOnly(true).secure(tls)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}

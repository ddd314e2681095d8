package dev.pave.web;

import dev.pave.identity.SessionMechanism;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What pages put into their forms and {@code hx-headers}: {@code {inject:csrf.token}} and
 * {@code {inject:csrf.parameterName}} (see tags/csrf.html and main.html).
 */
@RequestScoped
@Named("csrf")
public class Csrf {

    @Inject
    HttpServerRequest request;

    @Inject
    CsrfTokens tokens;

    private String token;

    /** The token of this browser's session; empty for a browser without one (the login form carries its own). */
    public String getToken() {
        if (token == null) {
            Cookie session = request.getCookie(SessionMechanism.COOKIE);
            token = session == null ? "" : tokens.forSession(session.getValue());
        }
        return token;
    }

    public String getParameterName() {
        return CsrfTokens.FIELD;
    }
}

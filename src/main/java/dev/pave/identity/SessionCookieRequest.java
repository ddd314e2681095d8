package dev.pave.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The id a browser's {@code pave-session} cookie carries, to be checked against the sessions Pave keeps. */
public class SessionCookieRequest extends BaseAuthenticationRequest {

    private final String sessionId;

    public SessionCookieRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}

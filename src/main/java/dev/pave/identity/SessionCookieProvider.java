package dev.pave.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a session cookie into the identity of its user on every request. The lookup is JDBC, so it runs on a worker
 * thread ({@code runBlocking}), never on the event loop that called the mechanism.
 */
@ApplicationScoped
public class SessionCookieProvider implements IdentityProvider<SessionCookieRequest> {

    @Inject
    WebSessions sessions;

    @Override
    public Class<SessionCookieRequest> getRequestType() {
        return SessionCookieRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionCookieRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> sessions.resolve(request.sessionId())
                .map(SessionIdentities::of)
                .orElseThrow(() -> new AuthenticationFailedException("the session is over")));
    }
}

package dev.pave.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a login-session cookie back into an identity on every request, reading the user afresh so a role
 * change or a disabled account takes effect at once.
 */
@ApplicationScoped
public class SessionProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    IdentityService identity;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity.user(request.getPrincipal())
                .filter(u -> !u.disabled)
                .map(SessionIdentities::of)
                .orElseThrow(AuthenticationFailedException::new));
    }
}

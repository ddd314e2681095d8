package dev.pave.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * Builds the security identity of a signed-in browser: its user's roles and whether the password must change. Only a
 * Pave session gives that mark, so signed API calls are never held back by it, whatever headers a browser adds.
 */
final class SessionIdentities {

    static final String MUST_CHANGE_PASSWORD = "pave.mustChangePassword";

    /** The user's teams, read with the session so a membership change counts from the next request. */
    static final String TEAMS = "pave.teams";

    private SessionIdentities() {
    }

    static SecurityIdentity of(WebSessions.SignedIn user) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username()))
                .addAttribute(MUST_CHANGE_PASSWORD, user.mustChangePassword())
                .addAttribute(TEAMS, user.teams());
        user.roles().forEach(r -> builder.addRole(r.id));
        return builder.build();
    }
}

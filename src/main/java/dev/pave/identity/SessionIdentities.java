package dev.pave.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Builds the security identity of a logged-in user, with its roles and whether it must change its password. */
final class SessionIdentities {

    static final String MUST_CHANGE_PASSWORD = "pave.mustChangePassword";

    private SessionIdentities() {
    }

    static SecurityIdentity of(User user) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username))
                .addAttribute(MUST_CHANGE_PASSWORD, user.mustChangePassword);
        user.roleSet().forEach(r -> builder.addRole(r.id));
        return builder.build();
    }
}

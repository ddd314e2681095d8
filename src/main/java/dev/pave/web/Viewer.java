package dev.pave.web;

import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The person looking at a page: the {@link Caller} that controllers hand to feature services, and what the layout
 * needs to choose navigation ({@code {inject:viewer.admin}}).
 */
@RequestScoped
@Named("viewer")
public class Viewer {

    /** Set by the identity feature (SessionIdentities, package-private there) on sessions whose password must be replaced. */
    static final String MUST_CHANGE_PASSWORD = "pave.mustChangePassword";

    @Inject
    SecurityIdentity identity;

    public Caller caller() {
        return Caller.of(identity);
    }

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    public String getUsername() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public boolean isAdmin() {
        return identity.hasRole(Role.PLATFORM_ADMIN.id);
    }

    /** Developers and platform admins change environments and services; others only read. */
    public boolean isDeployer() {
        return identity.hasRole(Role.DEVELOPER.id) || isAdmin();
    }

    public boolean mustChangePassword() {
        return Boolean.TRUE.equals(identity.getAttribute(MUST_CHANGE_PASSWORD));
    }
}

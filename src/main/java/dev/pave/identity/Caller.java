package dev.pave.identity;

import dev.pave.error.AccessDeniedException;
import java.util.Set;

/**
 * Who is asking, through which door. Every feature service takes one, checks it, and names it in the audit
 * log; services never look at HTTP sessions or signatures themselves.
 */
public record Caller(String username, Set<Role> roles, Door door) {

    public static Caller system() {
        return new Caller("pave", Set.of(Role.values()), Door.SYSTEM);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public void require(Role role) {
        if (!has(role)) {
            throw new AccessDeniedException("User " + username + " is not authorized to perform this action: it needs the "
                    + role.id + " role");
        }
    }

    /** Developers and platform admins change environments, services and components; others only read. */
    public void requireDeployer() {
        if (!has(Role.PLATFORM_ADMIN)) {
            require(Role.DEVELOPER);
        }
    }

    /** Anyone with any role may read the catalog and resources. */
    public void requireAnyRole() {
        if (roles.isEmpty()) {
            throw new AccessDeniedException("User " + username + " has no role in Pave");
        }
    }
}

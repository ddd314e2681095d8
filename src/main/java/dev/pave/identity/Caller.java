package dev.pave.identity;

import dev.pave.error.AccessDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is asking, through which door, and in which teams. Every feature service takes one, checks it, and names it in
 * the audit log; services never look at HTTP sessions or signatures themselves.
 */
public record Caller(String username, Set<Role> roles, Door door, Set<String> teams) {

    /** A caller in no team: Pave itself and its workers, which act for whoever owns what they touch. */
    public Caller(String username, Set<Role> roles, Door door) {
        this(username, roles, door, Set.of());
    }

    /** A user's caller: their current roles and teams. */
    public static Caller of(User user, Door door) {
        return new Caller(user.username, user.roleSet(), door, Set.copyOf(user.teams));
    }

    /** A signed-in browser's caller, from the roles and teams its session gave the identity. */
    @SuppressWarnings("unchecked")
    public static Caller of(SecurityIdentity identity) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        identity.getRoles().forEach(id -> Role.byId(id).ifPresent(roles::add));
        Set<String> teams = identity.getAttribute(SessionIdentities.TEAMS);
        return new Caller(identity.getPrincipal().getName(), roles, Door.WEB, teams == null ? Set.of() : teams);
    }

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

package dev.pave.identity;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns an SSO (OIDC) identity into a Pave user: found by the token's subject, created on first login, with
 * Pave roles taken from a claim (group names equal to role ids) or the default roles. Local accounts are never
 * taken over by an SSO login that happens to carry the same name.
 */
@ApplicationScoped
public class OidcUsers implements SecurityIdentityAugmentor {

    @Inject
    dev.pave.PaveConfig config;

    @Inject
    AuditLog audit;

    @Inject
    WebSessions sessions;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            User user = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(
                    () -> userFor(token.getIssuer() + "|" + token.getSubject(), preferredName(token), claimedRoles(token), claimedTeams(token)));
            if (user.disabled) {
                throw new io.quarkus.security.AuthenticationFailedException("user " + user.username + " is disabled");
            }
            // the token's own roles mean nothing in Pave: replace them with the user's
            QuarkusSecurityIdentity.Builder fresh = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.username))
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes())
                    .addAttribute(SessionIdentities.MUST_CHANGE_PASSWORD, false)
                    .addAttribute(SessionIdentities.TEAMS, Set.copyOf(user.teams));
            user.roleSet().forEach(r -> fresh.addRole(r.id));
            return fresh.build();
        });
    }

    User userFor(String subject, String preferredName, Optional<Set<Role>> claimed, Optional<Set<String>> groups) {
        Optional<Set<String>> teams = groups.map(OidcUsers::existingTeams);
        Optional<User> existing = User.find("oidcSubject", subject).firstResultOptional();
        if (existing.isPresent()) {
            User user = existing.get();
            teams.filter(t -> !t.equals(user.teams)).ifPresent(t -> {
                String before = String.join(",", new TreeSet<>(user.teams));
                user.teams.clear();
                user.teams.addAll(t);
                audit.record(Caller.of(user, Door.WEB), "SyncSsoTeams", user.username, before + " -> " + String.join(",", new TreeSet<>(t)));
            });
            claimed.filter(roles -> !roles.equals(user.roleSet())).ifPresent(roles -> {
                user.setRoles(roles);
                sessions.revokeAll(user); // sessions started under the old roles end with them
                audit.record(new Caller(user.username, roles, Door.WEB), "SyncSsoRoles", user.username, "roles=" + user.roles);
            });
            return user;
        }
        User user = new User();
        user.username = User.findByUsername(preferredName).isEmpty() ? preferredName : preferredName + "-sso";
        user.displayName = preferredName;
        user.oidcSubject = subject;
        user.setRoles(claimed.orElseGet(this::defaults));
        user.teams.addAll(teams.orElse(Set.of(IdentityService.DEFAULT_TEAM)));
        user.createdAt = Instant.now();
        user.persist();
        audit.record(Caller.of(user, Door.WEB), "CreateSsoUser", user.username, "roles=" + user.roles + " teams=" + String.join(",", new TreeSet<>(user.teams)));
        return user;
    }

    private Optional<Set<Role>> claimedRoles(JsonWebToken token) {
        Object claim = token.getClaim(config.oidc().rolesClaim());
        if (claim == null) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        String text = claim.toString();
        for (Role role : Role.values()) {
            if (text.matches("(?s).*(^|[\\[\\s,\"])" + java.util.regex.Pattern.quote(role.id) + "([\\]\\s,\"]|$).*")) {
                roles.add(role);
            }
        }
        // a claim naming no Pave role leaves an existing user's roles to Pave's admins (and a new user gets the defaults)
        return roles.isEmpty() ? Optional.empty() : Optional.of(roles);
    }

    /**
     * The team names the teams claim gives, when Pave is told to read one and the token has it; only existing teams
     * count, and a user who left every team's group in the IdP is in no team at their next sign-in.
     */
    private Optional<Set<String>> claimedTeams(JsonWebToken token) {
        Optional<Object> claim = config.oidc().teamsClaim().map(token::getClaim);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Collection<?> values = claim.get() instanceof Collection<?> list ? list : List.of(claim.get());
        Set<String> names = new TreeSet<>();
        for (Object value : values) {
            String name = value.toString().replace("\"", "").trim();
            name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Optional.of(names);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> existingTeams(Set<String> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        List<String> found = User.getEntityManager().createNativeQuery("select name from team where name in (?1)")
                .setParameter(1, names).getResultList();
        return Set.copyOf(found);
    }

    private Set<Role> defaults() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        config.oidc().defaultRoles().forEach(id -> Role.byId(id.trim()).ifPresent(roles::add));
        return roles;
    }

    private static String preferredName(JsonWebToken token) {
        for (String claim : new String[] {"preferred_username", "email", "upn"}) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().replaceAll("[^A-Za-z0-9._@-]", "-");
            }
        }
        return "sso-" + token.getSubject();
    }
}

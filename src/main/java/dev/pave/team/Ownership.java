package dev.pave.team;

import dev.pave.PaveConfig;
import dev.pave.error.AccessDeniedException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who may change what: only the owning team's members and platform admins change or delete a resource (Pave's own
 * workers act for its owner); everyone with a role reads it. {@code pave.ownership.enforce=false} gives Proton's flat
 * model back: any developer changes anything. Access policies apply either way.
 */
@ApplicationScoped
public class Ownership {

    /** Proton has no owner field; the API names the owning team with this tag on create, and reads it back with the tags. */
    public static final String TAG = "pave:team";

    /** The owning team of a new resource, and the tags left to store. */
    public record Claim(String team, Map<String, String> tags) {
    }

    @Inject
    PaveConfig config;

    @Inject
    Instance<OwnedResources> resources;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    /**
     * Takes the owning team from the {@value #TAG} tag, else the caller's only team. A caller may name only a team
     * of its own (admins: any); one in several teams must name one.
     */
    public Claim claim(Caller caller, Map<String, String> tags) {
        caller.requireDeployer();
        Map<String, String> rest = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        String named = rest.remove(TAG);
        if (named == null) {
            return new Claim(defaultTeam(caller), rest);
        }
        String team = existing(named.trim());
        if (!acts(caller) && !caller.teams().contains(team)) {
            throw new AccessDeniedException("User " + caller.username() + " may not create resources owned by team " + team
                    + ": they are not a member of it (their teams: " + names(caller.teams()) + ")");
        }
        return new Claim(team, rest);
    }

    private String defaultTeam(Caller caller) {
        if (caller.teams().size() == 1) {
            return caller.teams().iterator().next();
        }
        if (caller.teams().isEmpty()) {
            if (acts(caller)) {
                return Team.DEFAULT;
            }
            throw new AccessDeniedException("User " + caller.username() + " belongs to no team, so nothing can be owned for them; "
                    + "a platform admin can add them to one");
        }
        if (!config.ownership().enforce()) {
            return new TreeSet<>(caller.teams()).first();
        }
        throw new ValidationException("User " + caller.username() + " belongs to teams " + names(caller.teams())
                + ": name the owning team with the tag " + TAG);
    }

    /** Whether the caller may change or delete what this team owns: a page asks before offering the buttons. */
    public boolean mayChange(Caller caller, String team) {
        return (caller.has(Role.DEVELOPER) || caller.has(Role.PLATFORM_ADMIN)) && (acts(caller) || caller.teams().contains(team));
    }

    public void requireChange(Caller caller, Owned owned) {
        caller.requireDeployer();
        if (!mayChange(caller, owned.ownerTeam())) {
            throw new AccessDeniedException("User " + caller.username() + " may not change " + owned.label() + ": it is owned by team "
                    + owned.ownerTeam() + ", and " + caller.username() + " is not a member of it");
        }
    }

    /**
     * The same for a resource named by ARN, reading only its team (callers lock the resource afterwards); one that no
     * team owns (a template, a repository) is left to its role check.
     */
    public void requireChange(Caller caller, String arn) {
        caller.requireDeployer();
        teamOf(arn).ifPresent(team -> {
            if (!mayChange(caller, team)) {
                throw new AccessDeniedException("User " + caller.username() + " may not change " + arn + ": it is owned by team " + team
                        + ", and " + caller.username() + " is not a member of it");
            }
        });
    }

    /** The owning team of the resource an ARN names, without loading it. */
    public Optional<String> teamOf(String arn) {
        return resources.stream().map(r -> r.team(arn)).flatMap(Optional::stream).findFirst();
    }

    public Optional<Owned> owner(String arn) {
        return resources.stream().map(r -> r.owner(arn)).flatMap(Optional::stream).findFirst();
    }

    /** Refuses a resource owned by {@code team} where a policy does not admit it, naming the rule. */
    public void requireAdmitted(String team, String what, Collection<Policy> policies) {
        for (Policy policy : policies) {
            if (!policy.admits(team)) {
                throw new AccessDeniedException(what + " is refused: " + policy.rule() + ", and it would be owned by team " + team);
            }
        }
    }

    /** Hands a resource to another team; the caller must be allowed to change it, and the new team must pass its policies. */
    /** The same by ARN, in a transaction of its own: the portal's "Change team". */
    @Transactional
    public Owned transfer(Caller caller, String arn, String team) {
        Owned owned = owner(arn == null ? "" : arn).orElseThrow(() -> new ResourceNotFoundException("The resource " + arn + " was not found"));
        transfer(caller, owned, team);
        return owned;
    }

    @Transactional
    public void transfer(Caller caller, Owned owned, String team) {
        requireChange(caller, owned);
        String target = existing(team == null ? "" : team.trim());
        requireAdmitted(target, "Handing " + owned.label() + " to team " + target, owned.policies());
        String before = owned.ownerTeam();
        if (!before.equals(target)) {
            // read afresh under a lock: a deployment finishing meanwhile must not be overwritten by this copy
            em.refresh(owned, LockModeType.PESSIMISTIC_WRITE);
            owned.transferTo(target);
            audit.record(caller, "TransferOwnership", owned.label(), before + " -> " + target);
        }
    }

    /** Whether the caller may create and change resources of any team, not only its own: create forms offer every team. */
    public boolean actsForEveryTeam(Caller caller) {
        return (caller.has(Role.DEVELOPER) || caller.has(Role.PLATFORM_ADMIN)) && acts(caller);
    }

    /** Admins and Pave's own workers act for any team; so does everyone when ownership isn't enforced. */
    private boolean acts(Caller caller) {
        return !config.ownership().enforce() || caller.has(Role.PLATFORM_ADMIN) || caller.door() == Door.SYSTEM;
    }

    private static String existing(String team) {
        return Team.byName(team).map(t -> t.name).orElseThrow(() -> new ValidationException("Team " + team + " does not exist"));
    }

    private static String names(Collection<String> teams) {
        return teams.isEmpty() ? "none" : String.join(", ", new TreeSet<>(teams));
    }
}

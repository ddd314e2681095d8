package dev.pave.team;

import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Teams and who is in them. Platform admins manage both; with SSO a user's teams follow the token's teams claim. */
@ApplicationScoped
@Transactional
public class TeamService {

    /** Names the team pages' addresses use (/teams/mine, /teams/new, /teams/transfer). */
    static final List<String> RESERVED = List.of("mine", "new", "transfer");

    /**
     * A team is about to be deleted, in the deleting transaction; an observer that keeps something for the team
     * (notice targets) refuses by throwing.
     */
    public record Deleting(String team) {
    }

    @Inject
    Event<Deleting> deleting;

    /** A team as the admin page lists it: what it owns and who is in it. */
    public record Summary(Team team, List<String> members, long owned, List<String> policies) {
    }

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Team> teams(Caller caller) {
        caller.requireAnyRole();
        return Team.listAll(Sort.by("name"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Summary> summaries(Caller caller) {
        return teams(caller).stream().map(this::summary).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Summary summary(Caller caller, String name) {
        caller.requireAnyRole();
        return summary(team(name));
    }

    public Team create(Caller caller, String name, String description) {
        caller.require(Role.PLATFORM_ADMIN);
        String trimmed = name == null ? "" : name.trim();
        if (!trimmed.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new ValidationException("A team name is 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (RESERVED.contains(trimmed)) {
            throw new ValidationException("Team names " + String.join(", ", RESERVED) + " are taken by the team pages' own addresses");
        }
        if (Team.byName(trimmed).isPresent()) {
            throw new ConflictException("Team " + trimmed + " already exists");
        }
        Team team = new Team();
        team.name = trimmed;
        team.description = description == null || description.isBlank() ? null : description.strip();
        team.createdAt = Instant.now();
        team.persist();
        audit.record(caller, "CreateTeam", trimmed, null);
        return team;
    }

    /** A team that owns nothing and is named in no policy can go; its members simply leave it. */
    public void delete(Caller caller, String name) {
        caller.require(Role.PLATFORM_ADMIN);
        Team team = team(name);
        if (Team.DEFAULT.equals(team.name)) {
            throw new ValidationException("The default team can't be deleted: new users join it");
        }
        Summary summary = summary(team);
        if (summary.owned() > 0) {
            throw new ConflictException("Team " + name + " still owns " + summary.owned() + " resource(s); hand them to another team first");
        }
        if (!summary.policies().isEmpty()) {
            throw new ConflictException("Team " + name + " is named in " + String.join(", ", summary.policies())
                    + "; deleting it would open them to every team, so change them first");
        }
        deleting.fire(new Deleting(team.name)); // what other features keep for the team may refuse it
        em.createNativeQuery("delete from team_member where team = ?1").setParameter(1, team.name).executeUpdate();
        team.delete();
        audit.record(caller, "DeleteTeam", name, null);
    }

    /** The user's teams become exactly these (unknown names refused). */
    public User setTeams(Caller caller, String username, Collection<String> teams) {
        caller.require(Role.PLATFORM_ADMIN);
        User user = User.findByUsername(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
        Set<String> chosen = Team.existing(teams);
        String before = String.join(",", new TreeSet<>(user.teams));
        user.teams.clear();
        user.teams.addAll(chosen);
        audit.record(caller, "SetTeams", username, before + " -> " + String.join(",", chosen));
        return user;
    }

    public User addMember(Caller caller, String teamName, String username) {
        caller.require(Role.PLATFORM_ADMIN);
        Team team = team(teamName);
        User user = User.findByUsername(username == null ? "" : username.trim())
                .orElseThrow(() -> new ValidationException("There is no user " + username));
        if (user.teams.add(team.name)) {
            audit.record(caller, "AddTeamMember", team.name, user.username);
        }
        return user;
    }

    public void removeMember(Caller caller, String teamName, String username) {
        caller.require(Role.PLATFORM_ADMIN);
        Team team = team(teamName);
        User user = User.findByUsername(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
        if (user.teams.remove(team.name)) {
            audit.record(caller, "RemoveTeamMember", team.name, user.username);
        }
    }

    private Team team(String name) {
        return Team.byName(name).orElseThrow(() -> new ResourceNotFoundException("Team " + name + " does not exist"));
    }

    @SuppressWarnings("unchecked")
    private Summary summary(Team team) {
        List<String> members = em.createNativeQuery(
                "select u.username from team_member m join app_user u on u.id = m.user_id where m.team = ?1 order by u.username")
                .setParameter(1, team.name).getResultList();
        Number owned = (Number) em.createNativeQuery("select (select count(*) from environment where owner_team = ?1)"
                + " + (select count(*) from service where owner_team = ?1) + (select count(*) from component where owner_team = ?1)")
                .setParameter(1, team.name).getSingleResult();
        List<String> policies = em.createNativeQuery("select lower(t.type) || ' template ' || t.name from template_team p join template t"
                + " on t.id = p.template_id where p.team = ?1 union all select 'environment ' || e.name from environment_team p"
                + " join environment e on e.id = p.environment_id where p.team = ?1 order by 1")
                .setParameter(1, team.name).getResultList();
        return new Summary(team, members, owned.longValue(), policies);
    }
}

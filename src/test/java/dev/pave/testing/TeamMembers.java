package dev.pave.testing;

import dev.pave.identity.Caller;
import dev.pave.identity.Door;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import dev.pave.team.TeamService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.net.URL;
import java.util.List;
import java.util.Set;

/** Developers of one team each, signing in with a password and calling the API through the aws CLI with a key of their own. */
public final class TeamMembers {

    private TeamMembers() {
    }

    /** A user as the portal's requests see them (their roles and teams, read now). */
    public static Caller caller(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Caller.of(User.findByUsername(username).orElseThrow(), Door.WEB));
    }

    public static AwsCli developer(URL pave, IdentityService identity, TeamService teams, String username, String password, String team) {
        return member(pave, identity, teams, username, password, team, Set.of(Role.DEVELOPER));
    }

    /** A member of {@code team} with these roles, e.g. an approver. */
    public static AwsCli member(URL pave, IdentityService identity, TeamService teams, String username, String password, String team, Set<Role> roles) {
        identity.createLocalUser(Caller.system(), username, password, roles, false);
        teams.setTeams(Caller.system(), username, List.of(team));
        IdentityService.NewAccessKey key = identity.createAccessKey(Caller.system(), username, "test key of " + username);
        return new AwsCli(pave.toString(), key.accessKeyId(), key.secretAccessKey());
    }
}

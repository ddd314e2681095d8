package dev.pave.web.teams;

import dev.pave.identity.Caller;
import dev.pave.team.Owned;
import dev.pave.team.Ownership;
import dev.pave.team.Team;
import dev.pave.team.TeamService;
import dev.pave.web.forms.Form;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Builds a resource page's {@link OwnerPanel}. */
@ApplicationScoped
public class OwnerPanels {

    @Inject
    Ownership ownership;

    @Inject
    TeamService teams;

    public OwnerPanel of(Caller caller, Owned owned, String arn, String back) {
        boolean may = ownership.mayChange(caller, owned.ownerTeam());
        List<String> names = may ? every(caller) : List.of();
        return new OwnerPanel(arn, owned.ownerTeam(), may, names, back);
    }

    /** For an instance's or pipeline's page: its service's team, handed over on the service's page only. */
    public OwnerPanel ofPart(Caller caller, Owned service) {
        return new OwnerPanel(null, service.ownerTeam(), ownership.mayChange(caller, service.ownerTeam()), List.of(), null);
    }

    /** The tags a create form posts: the owning team it chose, if any (else the service takes the viewer's only team). */
    public static Map<String, String> chosenTeam(Form form) {
        String team = form.valueOf("team").strip();
        return team.isEmpty() ? Map.of() : Map.of(Ownership.TAG, team);
    }

    /** The team a create form preselects: the viewer's only (or first) team, else the default one. */
    public String defaultTeam(Caller caller) {
        return caller.teams().stream().sorted().findFirst().orElse(Team.DEFAULT);
    }

    public List<String> every(Caller caller) {
        return teams.teams(caller).stream().map(t -> t.name).toList();
    }

    /** The teams a create form offers: the viewer's own, or every team for an admin. */
    public List<String> choices(Caller caller) {
        List<String> all = every(caller);
        return ownership.actsForEveryTeam(caller) ? all : all.stream().filter(caller.teams()::contains).toList();
    }
}

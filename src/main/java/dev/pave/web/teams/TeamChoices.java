package dev.pave.web.teams;

import dev.pave.identity.Caller;
import dev.pave.team.Ownership;
import dev.pave.template.Template;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The owning teams a create form offers the viewer ({@code {inject:teamChoices.all}}), and the one it preselects. */
@RequestScoped
@Named("teamChoices")
public class TeamChoices {

    @Inject
    Viewer viewer;

    @Inject
    OwnerPanels owners;

    @Inject
    Ownership ownership;

    private List<String> all;

    public List<String> getAll() {
        if (all == null) {
            all = owners.choices(viewer.caller());
        }
        return all;
    }

    /** Whether one of the viewer's teams may use the template (admins pick any team, so any template a team may use). */
    public boolean mayUse(Template template) {
        Caller caller = viewer.caller();
        return template.teams.isEmpty() || ownership.actsForEveryTeam(caller) || caller.teams().stream().anyMatch(template.teams::contains);
    }

    /** Every team, for an access policy's choices. */
    public List<String> getEvery() {
        return owners.every(viewer.caller());
    }

    /** The team the form chose, or the one it preselects: the viewer's first team, else the default one. */
    public String selected(Form form) {
        String chosen = form.valueOf("team");
        return chosen.isBlank() ? owners.defaultTeam(viewer.caller()) : chosen;
    }
}

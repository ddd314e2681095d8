package dev.pave.web.teams;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.fleet.TeamResources;
import dev.pave.team.Ownership;
import dev.pave.team.TeamService;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Teams: the list (admins create and delete teams there), each team's page with its members and everything it owns,
 * behind-the-recommended-version first on request ("My team"), and the hand-over of a resource to another team.
 */
@Path("/teams")
public class Teams {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<TeamService.Summary> teams, List<String> mine, Form form);

        static native TemplateInstance show(TeamService.Summary team, TeamResources.Owned owned, boolean behindOnly, boolean member, Form form);
    }

    @Inject
    TeamService teams;

    @Inject
    TeamResources resources;

    @Inject
    Ownership ownership;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index() {
        return index(Form.empty());
    }

    /** "My team": the viewer's team's page, or the list with the viewer's teams first when they are in several or none. */
    @GET
    @Path("mine")
    public Response mine() {
        List<String> mine = viewer.caller().teams().stream().sorted().toList();
        if (mine.size() == 1) {
            return Response.seeOther(URI.create("/teams/" + mine.get(0))).build();
        }
        return Response.ok(index()).build();
    }

    @POST
    @RolesAllowed("platform-admin")
    public Response create(@RestForm String name, @RestForm String description) {
        Form form = Form.empty().with("name", name).with("description", description);
        try {
            teams.create(viewer.caller(), name, description);
            return Response.seeOther(URI.create("/teams/" + name.trim())).build();
        } catch (ValidationException e) {
            form.reject("name", e.getMessage());
        } catch (PaveException e) {
            form.reject("name", e.getMessage());
        }
        return Response.status(400).entity(index(form)).build();
    }

    @GET
    @Path("{name}")
    public TemplateInstance show(@RestPath String name, @RestQuery boolean behind) {
        return show(name, behind, Form.empty());
    }

    @POST
    @Path("{name}/members")
    @RolesAllowed("platform-admin")
    public Response addMember(@RestPath String name, @RestForm String username) {
        Form form = Form.empty().with("username", username);
        try {
            teams.addMember(viewer.caller(), name, username);
            return Response.seeOther(URI.create("/teams/" + name)).build();
        } catch (PaveException e) {
            form.reject("username", e.getMessage());
        }
        return Response.status(400).entity(show(name, false, form)).build();
    }

    @POST
    @Path("{name}/members/{username}/remove")
    @RolesAllowed("platform-admin")
    public Response removeMember(@RestPath String name, @RestPath String username) {
        teams.removeMember(viewer.caller(), name, username);
        return Response.seeOther(URI.create("/teams/" + name)).build();
    }

    @POST
    @Path("{name}/delete")
    @RolesAllowed("platform-admin")
    public Response delete(@RestPath String name) {
        try {
            teams.delete(viewer.caller(), name);
            return Response.seeOther(URI.create("/teams")).build();
        } catch (PaveException e) {
            return Response.status(e.httpStatus()).entity(show(name, false, Form.empty().reject(e))).build();
        }
    }

    /** Hands a resource to another team, then back to its page (a path on this Pave only: "//host" would leave it). */
    @POST
    @Path("transfer")
    @RolesAllowed({"developer", "platform-admin"})
    public Response transfer(@RestForm String arn, @RestForm String team, @RestForm String back) {
        ownership.transfer(viewer.caller(), arn, team);
        String target = back != null && back.matches("/(?!/)[A-Za-z0-9/_-]*") ? back : "/teams/" + team;
        return Response.seeOther(URI.create(target)).build();
    }

    private TemplateInstance index(Form form) {
        return Templates.index(teams.summaries(viewer.caller()), viewer.caller().teams().stream().sorted().toList(), form);
    }

    private TemplateInstance show(String name, boolean behind, Form form) {
        TeamService.Summary team = teams.summary(viewer.caller(), name);
        return Templates.show(team, resources.of(viewer.caller(), name), behind, viewer.caller().teams().contains(team.team().name), form);
    }
}

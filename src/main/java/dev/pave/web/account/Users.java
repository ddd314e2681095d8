package dev.pave.web.account;

import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.IdentityService.NewAccessKey;
import dev.pave.identity.IdentityService;
import dev.pave.identity.LoginThrottle;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import dev.pave.web.Htmx;
import dev.pave.web.Texts;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * People and robots who may use Pave: platform admins create local accounts and robots (API keys only, for CI and
 * other programs), hand a user a new access key (its secret shown once), disable or enable accounts, and see and
 * lift the slow-down of accounts and addresses with many failed sign-ins.
 */
@Path("/admin/users")
@RolesAllowed("platform-admin")
public class Users {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<User> users, List<LoginThrottle.Slowed> slowed, List<Role> roles, Form form, String created,
                NewAccessKey key, String keyOwner);

        static native TemplateInstance index$row(User user);

        static native TemplateInstance manage(User user, List<Role> roles, Form form, String saved, String newPassword);
    }

    @Inject
    IdentityService identity;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @Inject
    LoginThrottle throttle;

    @GET
    public TemplateInstance index(@RestQuery String created) {
        // a new account usually gets a password only meant to be used once
        return page(Form.empty().with("mustChangePassword", true), created, null, null);
    }

    /** A person with an initial password, or (robot ticked) an account that only ever uses access keys. */
    @POST
    public Response create(@RestForm String username, @RestForm String password, @RestForm List<String> roles,
            @RestForm boolean mustChangePassword, @RestForm boolean robot) {
        Form form = Form.empty().with("username", username).with("mustChangePassword", mustChangePassword).with("robot", robot);
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        roles.forEach(id -> Role.byId(id).ifPresent(r -> {
            chosen.add(r);
            form.choose("roles", r.id);
        }));
        if (username == null || username.isBlank()) {
            form.reject("username", "Enter a username.");
        }
        if (!robot && (password == null || password.isEmpty())) {
            form.reject("password", "Enter an initial password.");
        }
        if (chosen.isEmpty()) {
            form.reject("roles", "Choose at least one role.");
        }
        if (!form.hasErrors()) {
            try {
                User user = robot ? identity.createRobot(viewer.caller(), username.strip(), chosen)
                        : identity.createLocalUser(viewer.caller(), username.strip(), password, chosen, mustChangePassword);
                return Response.seeOther(URI.create("/admin/users?created=" + URLEncoder.encode(user.username, StandardCharsets.UTF_8))).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(page(form, null, null, null)).build();
    }

    /** A new access key for the user, e.g. a robot's for a CI pipeline; the secret is on this answer only. */
    @POST
    @Path("{username}/keys")
    public Response createKey(@RestPath String username, @RestForm String description) {
        NewAccessKey key = identity.createAccessKey(viewer.caller(), username, Texts.emptyToNull(description));
        return Response.ok(page(Form.empty().with("mustChangePassword", true), null, key, username)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{username}/disable")
    public Response disable(@RestPath String username) {
        return changed(identity.setDisabled(viewer.caller(), username, true));
    }

    @POST
    @Path("{username}/enable")
    public Response enable(@RestPath String username) {
        return changed(identity.setDisabled(viewer.caller(), username, false));
    }

    /** One user's roles and password. */
    @GET
    @Path("{username}")
    public TemplateInstance manage(@RestPath String username, @RestQuery String saved) {
        User user = user(username);
        return Templates.manage(user, Arrays.asList(Role.values()), rolesForm(user.roleSet()), saved, null);
    }

    @POST
    @Path("{username}/roles")
    public Response saveRoles(@RestPath String username, @RestForm List<String> roles) {
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        roles.forEach(id -> Role.byId(id).ifPresent(chosen::add));
        try {
            identity.setRoles(viewer.caller(), username, chosen);
            return Response.seeOther(URI.create("/admin/users/" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "?saved=roles")).build();
        } catch (ValidationException e) {
            Form form = rolesForm(chosen);
            form.reject("roles", e.getMessage());
            return Response.status(400).entity(Templates.manage(user(username), Arrays.asList(Role.values()), form, null, null)).build();
        }
    }

    /** The new password is on this answer only, like a new key's secret. */
    @POST
    @Path("{username}/password")
    public Response resetPassword(@RestPath String username) {
        String password = identity.resetPassword(viewer.caller(), username);
        User user = user(username);
        return Response.ok(Templates.manage(user, Arrays.asList(Role.values()), rolesForm(user.roleSet()), null, password))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("sign-in-throttle/unlock")
    public Response unlock(@RestForm String key) {
        throttle.unlock(viewer.caller(), key);
        return Response.seeOther(URI.create("/admin/users#throttle-heading")).build();
    }

    private User user(String username) {
        return identity.user(username).orElseThrow(() -> new ResourceNotFoundException("no user " + username));
    }

    private static Form rolesForm(Set<Role> roles) {
        Form form = Form.empty();
        roles.forEach(r -> form.choose("roles", r.id));
        return form;
    }

    private Response changed(User user) {
        return htmx.wantsFragment() ? Response.ok(Templates.index$row(user)).build() : Response.seeOther(URI.create("/admin/users")).build();
    }

    private TemplateInstance page(Form form, String created, NewAccessKey key, String keyOwner) {
        return Templates.index(identity.users(), throttle.slowed(), Arrays.asList(Role.values()), form, created, key, keyOwner);
    }
}

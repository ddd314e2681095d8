package dev.pave.web;

import dev.pave.error.PaveException;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.identity.User;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
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
import org.jboss.resteasy.reactive.RestQuery;

/** People and robots who may use Pave; platform admins create local accounts here. */
@Path("/admin/users")
@RolesAllowed("platform-admin")
public class Users {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<User> users, List<Role> roles, Form form, String created);
    }

    @Inject
    IdentityService identity;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index(@RestQuery String created) {
        // a new account usually gets a password only meant to be used once
        return Templates.index(identity.users(), roles(), Form.empty().with("mustChangePassword", true), created);
    }

    @POST
    public Response create(@RestForm String username, @RestForm String password, @RestForm List<String> roles,
            @RestForm boolean mustChangePassword) {
        Form form = Form.empty().with("username", username).with("mustChangePassword", mustChangePassword);
        Set<Role> chosen = EnumSet.noneOf(Role.class);
        roles.forEach(id -> Role.byId(id).ifPresent(r -> {
            chosen.add(r);
            form.choose("roles", r.id);
        }));
        if (username == null || username.isBlank()) {
            form.reject("username", "Enter a username.");
        }
        if (password == null || password.isEmpty()) {
            form.reject("password", "Enter an initial password.");
        }
        if (chosen.isEmpty()) {
            form.reject("roles", "Choose at least one role.");
        }
        if (!form.hasErrors()) {
            try {
                User user = identity.createLocalUser(viewer.caller(), username.strip(), password, chosen, mustChangePassword);
                return Response.seeOther(URI.create("/admin/users?created=" + URLEncoder.encode(user.username, StandardCharsets.UTF_8))).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.index(identity.users(), roles(), form, null)).build();
    }

    private static List<Role> roles() {
        return Arrays.asList(Role.values());
    }
}

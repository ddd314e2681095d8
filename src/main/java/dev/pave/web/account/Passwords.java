package dev.pave.web.account;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.identity.IdentityService;
import dev.pave.identity.PasswordPolicy;
import dev.pave.identity.SessionCookies;
import dev.pave.identity.WebSessions;
import dev.pave.web.PasswordChangeGate;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** The signed-in user's own password. */
@Path("/account/password")
public class Passwords {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance edit(Form form, boolean changed, boolean required);
    }

    @Inject
    IdentityService identity;

    @Inject
    Viewer viewer;

    @Inject
    WebSessions sessions;

    @Inject
    HttpServerRequest request;

    @GET
    public TemplateInstance edit(@RestQuery boolean changed) {
        return Templates.edit(Form.empty(), changed, viewer.mustChangePassword());
    }

    @POST
    public Response change(@RestForm String current, @RestForm("new") String newPassword, @RestForm String confirm) {
        Form form = Form.empty();
        if (Texts.blank(current)) {
            form.reject("current", "Enter your current password.");
        }
        // every field is checked at once, so a person fixes everything in one go
        if (Texts.blank(newPassword)) {
            form.reject("new", "Enter a new password.");
        } else {
            try {
                PasswordPolicy.check(viewer.getUsername(), newPassword);
            } catch (ValidationException e) {
                form.reject("new", e.getMessage());
            }
            if (!newPassword.equals(confirm)) {
                form.reject("confirm", "The two new passwords differ.");
            }
        }
        if (!form.hasErrors()) {
            try {
                boolean required = viewer.mustChangePassword();
                identity.changePassword(viewer.caller(), current, newPassword);
                // the change ended every session of the user, this one too: this browser goes on in a new one
                WebSessions.Started session = sessions.start(viewer.getUsername());
                // someone held here on their first sign-in goes on to Pave; a voluntary change is confirmed on this page
                return Response.seeOther(URI.create(required ? "/" : PasswordChangeGate.PAGE + "?changed=true"))
                        .cookie(SessionCookies.issue(session, "https".equals(request.scheme()))).build();
            } catch (ValidationException e) {
                form.reject(e, "current", "new");
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.edit(form, false, viewer.mustChangePassword())).build();
    }
}

package dev.pave.web.account;

import dev.pave.error.PaveException;
import dev.pave.identity.AccessKey;
import dev.pave.identity.IdentityService.NewAccessKey;
import dev.pave.identity.IdentityService;
import dev.pave.web.Htmx;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * API access keys for the aws CLI and SDKs. A new key's secret is shown in the answer to the create request
 * itself, never stored in a page that can be fetched again.
 */
@Path("/account/keys")
public class AccessKeys {

    /** An active key as listed; platform admins see everyone's, so the owner is shown. */
    @TemplateData
    public record KeyRow(String accessKeyId, String owner, String description, Instant createdAt, Instant lastUsedAt) {
        static KeyRow of(AccessKey k) {
            return new KeyRow(k.accessKeyId, k.user.username, k.description, k.createdAt, k.lastUsedAt);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<KeyRow> keys, Form form, NewAccessKey created);
    }

    @Inject
    IdentityService identity;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index() {
        return Templates.index(keys(), Form.empty(), null);
    }

    @POST
    public Response create(@RestForm String description) {
        Form form = Form.empty().with("description", description);
        try {
            NewAccessKey created = identity.createAccessKey(viewer.caller(), viewer.getUsername(), Texts.emptyToNull(description));
            // the only time the secret exists outside the database: keep it out of caches and history
            return Response.ok(Templates.index(keys(), Form.empty(), created)).header("Cache-Control", "no-store").build();
        } catch (PaveException e) {
            return Response.status(400).entity(Templates.index(keys(), form.reject(e), null)).build();
        }
    }

    @POST
    @Path("{accessKeyId}/revoke")
    public Response revoke(@RestPath String accessKeyId) {
        identity.revokeAccessKey(viewer.caller(), accessKeyId);
        // htmx removes the row on an empty answer
        return htmx.wantsFragment() ? Response.ok("").build() : Response.seeOther(URI.create("/account/keys")).build();
    }

    private List<KeyRow> keys() {
        return identity.accessKeys(viewer.caller()).stream().map(KeyRow::of).toList();
    }
}

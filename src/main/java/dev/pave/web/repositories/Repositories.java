package dev.pave.web.repositories;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.repository.GitRepository;
import dev.pave.repository.RepositoryService;
import dev.pave.sync.RepositorySyncAttempt;
import dev.pave.sync.TemplateSyncService;
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

/**
 * Linked repositories (Proton's CreateRepository): each one's clone URL, what syncs from it (templates and services)
 * and its latest sync attempts, and for platform admins where Pave clones from, the token and the push webhook.
 */
@Path("/repositories")
public class Repositories {

    /** A repository's page: the repository, where it is cloned from, what follows it and the latest looks at it. */
    public record Page(GitRepository repository, String cloneUrl, boolean hasToken, boolean hasWebhookSecret,
            List<TemplateSyncService.Definition> templates, List<TemplateSyncService.Definition> services, List<RepositorySyncAttempt> attempts) {

        public String path() {
            return repository.provider + "/" + repository.name;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<GitRepository> repositories);

        static native TemplateInstance show(Page page, Form form);
    }

    static final int ATTEMPTS = 20;

    @Inject
    RepositoryService repositories;

    @Inject
    TemplateSyncService syncs;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance index() {
        return Templates.index(repositories.repositories(viewer.caller(), 0, 1000));
    }

    @GET
    @Path("{provider}/{name: .+}")
    public TemplateInstance show(@RestPath String provider, @RestPath String name) {
        GitRepository r = repositories.repository(viewer.caller(), provider, name);
        return Templates.show(page(r), Form.empty().with("url", r.url));
    }

    /** Sets the clone URL, the token and the webhook secret; an empty token or secret field keeps the one set. */
    @POST
    @Path("{provider}/{name: .+}")
    @RolesAllowed("platform-admin")
    public Response saveAccess(@RestPath String provider, @RestPath String name, @RestForm String url, @RestForm String token,
            @RestForm String webhookSecret, @RestForm boolean removeToken, @RestForm boolean removeWebhookSecret) {
        Form form = Form.empty().with("url", url);
        try {
            repositories.setAccess(viewer.caller(), provider, name, new RepositoryService.AccessChange(
                    url == null || url.isBlank() ? null : url.strip(),
                    removeToken ? "" : token == null || token.isEmpty() ? null : token,
                    removeWebhookSecret ? "" : webhookSecret == null || webhookSecret.isEmpty() ? null : webhookSecret));
            return Response.seeOther(URI.create("/repositories/" + provider + "/" + name)).build();
        } catch (ValidationException e) {
            form.reject(e, "url", "token", "webhookSecret");
        } catch (PaveException e) {
            form.reject(e);
        }
        return Response.status(400).entity(Templates.show(page(repositories.repository(viewer.caller(), provider, name)), form)).build();
    }

    private Page page(GitRepository r) {
        return new Page(r, repositories.cloneUrl(r).orElse(null), r.tokenEncrypted != null, r.webhookSecretEncrypted != null,
                syncs.definitions(viewer.caller(), r.provider, r.name, RepositorySyncAttempt.SyncType.TEMPLATE_SYNC),
                syncs.definitions(viewer.caller(), r.provider, r.name, RepositorySyncAttempt.SyncType.SERVICE_SYNC),
                syncs.attempts(viewer.caller(), r.provider, r.name, ATTEMPTS));
    }
}

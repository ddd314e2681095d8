package dev.pave.web.catalog;

import dev.pave.error.PaveException;
import dev.pave.error.ValidationException;
import dev.pave.repository.RepositoryService;
import dev.pave.sync.TemplateSyncConfig;
import dev.pave.sync.TemplateSyncService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
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
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** "Sync from Git" on a template's page: platform admins point a template at a branch and folder, or stop syncing it. */
@Path("/templates/{type}/{name}/sync")
@RolesAllowed("platform-admin")
public class TemplateSyncPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance edit(Template template, boolean syncing, List<String> repositories, Form form);
    }

    @Inject
    TemplateService templates;

    @Inject
    TemplateSyncService syncs;

    @Inject
    RepositoryService repositories;

    @Inject
    Viewer viewer;

    @GET
    public TemplateInstance edit(@RestPath String type, @RestPath String name) {
        TemplateType templateType = TemplatePaths.type(type);
        Template template = templates.template(viewer.caller(), templateType, name);
        Optional<TemplateSyncConfig> config = syncs.overview(viewer.caller(), templateType, name).map(TemplateSyncService.Overview::config);
        Form form = config.map(c -> Form.empty().with("repository", c.repositoryProvider + "/" + c.repositoryName).with("branch", c.branch)
                .with("subdirectory", c.subdirectory).with("autoPublish", c.autoPublish ? "true" : null)).orElse(Form.empty().with("branch", "main"));
        return Templates.edit(template, config.isPresent(), linked(), form);
    }

    @POST
    public Response save(@RestPath String type, @RestPath String name, @RestForm String repository, @RestForm String branch,
            @RestForm String subdirectory, @RestForm boolean autoPublish) {
        TemplateType templateType = TemplatePaths.type(type);
        Template template = templates.template(viewer.caller(), templateType, name);
        boolean syncing = syncs.overview(viewer.caller(), templateType, name).isPresent();
        Form form = Form.empty().with("repository", repository).with("branch", branch).with("subdirectory", subdirectory)
                .with("autoPublish", autoPublish ? "true" : null);
        int slash = repository == null ? -1 : repository.indexOf('/');
        if (slash < 0) {
            form.reject("repository", "Choose a linked repository.");
        }
        if (branch == null || branch.isBlank()) {
            form.reject("branch", "Enter a branch, e.g. main.");
        }
        if (!form.hasErrors()) {
            TemplateSyncService.Source source = new TemplateSyncService.Source(repository.substring(0, slash), repository.substring(slash + 1),
                    branch.strip(), Optional.ofNullable(subdirectory).map(String::strip).filter(s -> !s.isEmpty()), Optional.of(autoPublish));
            try {
                if (syncing) {
                    syncs.update(viewer.caller(), templateType, name, source);
                } else {
                    syncs.create(viewer.caller(), templateType, name, source);
                }
                return Response.seeOther(URI.create(TemplatePaths.of(template) + "#template-sync")).build();
            } catch (ValidationException e) {
                form.reject(e, "repository", "branch", "subdirectory");
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.edit(template, syncing, linked(), form)).build();
    }

    @POST
    @Path("delete")
    public Response delete(@RestPath String type, @RestPath String name) {
        TemplateType templateType = TemplatePaths.type(type);
        syncs.delete(viewer.caller(), templateType, name);
        return Response.seeOther(URI.create(TemplatePaths.of(templateType, name) + "#template-sync")).build();
    }

    private List<String> linked() {
        return repositories.choices(viewer.caller());
    }
}

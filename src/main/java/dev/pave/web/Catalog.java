package dev.pave.web;

import dev.pave.error.PaveException;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
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
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The template catalog: every environment and service template as a card, one template's page with its
 * versions, and (for platform admins) the form that creates a template. Named Catalog, not Templates, because
 * Java forbids the nested {@code Templates} class inside a class of the same name.
 */
@Path("/")
public class Catalog {

    static final int PAGE_SIZE = 12;
    static final int MAX_VERSIONS_SHOWN = 100;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(CatalogPage catalog);

        static native TemplateInstance index$list(CatalogPage catalog);

        static native TemplateInstance show(Template template, TemplateVersion recommended, TemplateVersion shown,
                List<VersionRow> rows, Form upload);

        static native TemplateInstance show$summary(Template template, TemplateVersion recommended, TemplateVersion shown);

        static native TemplateInstance show$versions(Template template, List<VersionRow> rows);

        static native TemplateInstance add(Form form);
    }

    @Inject
    TemplateService templates;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery String text, @RestQuery String kind, @RestQuery Integer page) {
        String filter = text == null ? "" : text.strip();
        TemplateType type = kind == null || kind.isBlank() ? null : TemplatePaths.type(kind);
        int current = page == null || page < 1 ? 1 : page;
        // one more than a page tells whether a next page exists
        List<Template> found = templates.search(viewer.caller(), type, filter, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<Template> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        Map<Long, String> recommended = templates.recommendedVersions(shown);
        CatalogPage catalog = new CatalogPage(filter, type == null ? "" : PageFormats.slug(type), current,
                shown.stream().map(t -> new CatalogPage.Card(t, recommended.get(t.id))).toList(), found.size() > PAGE_SIZE);
        return htmx.targets("catalog-list") ? Templates.index$list(catalog) : Templates.index(catalog);
    }

    @GET
    @Path("templates/{type}/{name}")
    public TemplateInstance show(@RestPath String type, @RestPath String name, @RestQuery String version) {
        TemplateType templateType = TemplatePaths.type(type);
        Template template = templates.template(viewer.caller(), templateType, name);
        Optional<TemplateVersion> recommended = templates.recommendedVersion(template);
        TemplateVersion shown = version == null ? recommended.orElse(null) : versionOf(templateType, name, version);
        if (htmx.targets("template-summary")) {
            return Templates.show$summary(template, recommended.orElse(null), shown);
        }
        List<VersionRow> rows = VersionRow.all(templates,
                templates.versions(viewer.caller(), templateType, name, null, 0, MAX_VERSIONS_SHOWN), recommended);
        if (htmx.targets("versions")) {
            return Templates.show$versions(template, rows);
        }
        return Templates.show(template, recommended.orElse(null), shown, rows, Form.empty());
    }

    @GET
    @Path("admin/templates/new")
    @RolesAllowed("platform-admin")
    public TemplateInstance add() {
        return Templates.add(Form.empty().with("type", "environment"));
    }

    @POST
    @Path("admin/templates")
    @RolesAllowed("platform-admin")
    public Response create(@RestForm String type, @RestForm String name, @RestForm String displayName,
            @RestForm String description, @RestForm boolean customerManaged) {
        Form form = Form.empty().with("type", type).with("name", name).with("displayName", displayName)
                .with("description", description).with("customerManaged", customerManaged);
        if (!"environment".equals(type) && !"service".equals(type)) {
            form.reject("type", "Choose environment or service.");
        }
        if (name == null || name.isBlank()) {
            form.reject("name", "Enter a name.");
        }
        if (!form.hasErrors()) {
            try {
                Template t = templates.createTemplate(viewer.caller(), TemplatePaths.type(type), new NewTemplate(name.strip(),
                        emptyToNull(displayName), emptyToNull(description), null, customerManaged ? Template.CUSTOMER_MANAGED : null), Map.of());
                return Response.seeOther(URI.create(TemplatePaths.of(t))).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.add(form)).build();
    }

    private TemplateVersion versionOf(TemplateType type, String name, String version) {
        int[] v = TemplatePaths.version(version);
        return templates.version(viewer.caller(), type, name, v[0], v[1]);
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

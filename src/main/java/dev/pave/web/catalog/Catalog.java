package dev.pave.web.catalog;

import dev.pave.error.PaveException;
import dev.pave.sync.TemplateSyncService;
import dev.pave.template.Template;
import dev.pave.template.TemplateCatalog.CatalogEntry;
import dev.pave.template.TemplateCatalog;
import dev.pave.template.TemplateService.NewTemplate;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.Manifest;
import dev.pave.web.Htmx;
import dev.pave.web.PageFormats;
import dev.pave.web.QueryParams;
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
import java.util.Arrays;
import java.util.EnumMap;
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

    public static final int PAGE_SIZE = 12;
    static final int MAX_VERSIONS_SHOWN = 100;
    /** Proton's limits on a template's display name and on template and version descriptions. */
    static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_DESCRIPTION = 500;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(CatalogPage catalog);

        static native TemplateInstance index$list(CatalogPage catalog);

        static native TemplateInstance show(Template template, TemplateVersion recommended, VersionFacts shown, List<VersionRow> rows,
                AdoptionChart adoption, TemplateSyncService.Overview sync, Form upload);

        static native TemplateInstance show$summary(Template template, TemplateVersion recommended, VersionFacts shown);

        static native TemplateInstance show$versions(Template template, List<VersionRow> rows);

        static native TemplateInstance edit(Template template, Form form);

        static native TemplateInstance add(Form form);
    }

    @Inject
    TemplateService templates;

    @Inject
    TemplateCatalog catalog;

    @Inject
    TemplateSyncService syncs;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @GET
    public TemplateInstance index(@RestQuery String text, @RestQuery String kind, @RestQuery String engine, @RestQuery Integer page) {
        String filter = QueryParams.text(text);
        TemplateType type = kind == null || kind.isBlank() ? null : TemplatePaths.type(kind);
        Manifest.Engine byEngine = engine(engine);
        int current = QueryParams.page(page);
        var caller = viewer.caller();
        // one more than a page tells whether a next page exists
        List<CatalogEntry> found = catalog.catalog(caller, type, filter, byEngine, (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
        List<CatalogEntry> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        Map<TemplateType, Map<String, Deployed>> deployed = new EnumMap<>(TemplateType.class);
        for (TemplateType t : TemplateType.values()) {
            List<String> names = shown.stream().filter(e -> e.template().type == t).map(e -> e.template().name).toList();
            deployed.put(t, names.isEmpty() ? Map.of() : Deployed.byTemplate(t, templates.usage(caller, t, names)));
        }
        List<CatalogPage.Card> cards = shown.stream().map(e -> new CatalogPage.Card(e.template(), e.recommendedVersion(), e.engine(),
                e.pipelineEngine(), e.compatibleEnvironments(),
                deployed.get(e.template().type).getOrDefault(e.template().name, Deployed.none(e.template().type)))).toList();
        CatalogPage catalog = new CatalogPage(filter, type == null ? "" : PageFormats.slug(type),
                byEngine == null ? "" : PageFormats.slug(byEngine), current, cards, found.size() > PAGE_SIZE);
        return htmx.targets("catalog-list") ? Templates.index$list(catalog) : Templates.index(catalog);
    }

    /**
     * A template's page: the version it describes (the recommended one unless {@code version} names another), its
     * versions and what runs on each. With htmx, just the panel asked for.
     */
    @GET
    @Path("templates/{type}/{name}")
    public TemplateInstance show(@RestPath String type, @RestPath String name, @RestQuery String version) {
        var caller = viewer.caller();
        TemplateType templateType = TemplatePaths.type(type);
        Template template = templates.template(caller, templateType, name);
        TemplateVersion recommended = templates.recommendedVersion(template).orElse(null);
        TemplateVersion shown = version == null ? recommended : versionOf(templateType, name, version);
        if (htmx.targets("template-summary")) {
            return Templates.show$summary(template, recommended, VersionFacts.of(templates, shown));
        }
        List<TemplateVersion> versions = templates.versions(caller, templateType, name, null, 0, MAX_VERSIONS_SHOWN);
        List<VersionRow> rows = VersionRow.all(templates, versions, Optional.ofNullable(recommended));
        if (htmx.targets("versions")) {
            return Templates.show$versions(template, rows);
        }
        AdoptionChart adoption = AdoptionChart.of(templateType, versions,
                Deployed.byVersion(templateType, templates.usage(caller, templateType, List.of(name))));
        return Templates.show(template, recommended, VersionFacts.of(templates, shown), rows, adoption,
                syncs.overview(caller, templateType, name).orElse(null), Form.empty());
    }

    @GET
    @Path("templates/{type}/{name}/edit")
    @RolesAllowed("platform-admin")
    public TemplateInstance edit(@RestPath String type, @RestPath String name) {
        Template t = templates.template(viewer.caller(), TemplatePaths.type(type), name);
        Form form = Form.empty().with("displayName", t.displayName).with("description", t.description);
        t.teams.forEach(team -> form.choose("teams", team));
        return Templates.edit(t, form);
    }

    @POST
    @Path("templates/{type}/{name}/edit")
    @RolesAllowed("platform-admin")
    public Response saveEdit(@RestPath String type, @RestPath String name, @RestForm String displayName, @RestForm String description,
            @RestForm List<String> teams) {
        TemplateType templateType = TemplatePaths.type(type);
        Template t = templates.template(viewer.caller(), templateType, name);
        Form form = Form.empty().with("displayName", displayName).with("description", description)
                .limit("displayName", MAX_DISPLAY_NAME).limit("description", MAX_DESCRIPTION);
        teams.forEach(team -> form.choose("teams", team));
        if (!form.hasErrors()) {
            try {
                templates.updateTemplate(viewer.caller(), templateType, name, Optional.of(form.valueOf("displayName").strip()),
                        Optional.of(form.valueOf("description").strip()));
                templates.limitToTeams(viewer.caller(), templateType, name, teams);
                return Response.seeOther(URI.create(TemplatePaths.of(t))).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.edit(t, form)).build();
    }

    /** "Major upgrades need approval": every MAJOR_VERSION update of what runs the template waits for an approver. */
    @POST
    @Path("templates/{type}/{name}/approval")
    @RolesAllowed("platform-admin")
    public Response requireApproval(@RestPath String type, @RestPath String name, @RestForm boolean required) {
        Template t = templates.requireApprovalForMajors(viewer.caller(), TemplatePaths.type(type), name, required);
        return Response.seeOther(URI.create(TemplatePaths.of(t))).build();
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
                        Texts.emptyToNull(displayName), Texts.emptyToNull(description), null, customerManaged ? Template.CUSTOMER_MANAGED : null), Map.of());
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

    /** The engine a filter slug names; anything else filters nothing, as "all engines" does. */
    private static Manifest.Engine engine(String slug) {
        return Arrays.stream(Manifest.Engine.values()).filter(e -> PageFormats.slug(e).equals(slug)).findFirst().orElse(null);
    }
}

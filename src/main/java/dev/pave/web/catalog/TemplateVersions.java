package dev.pave.web.catalog;

import dev.pave.error.PaveException;
import dev.pave.template.BundleSource;
import dev.pave.template.Template;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService.NewVersion;
import dev.pave.template.TemplateService.VersionChange;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.web.Htmx;
import dev.pave.web.Texts;
import dev.pave.web.Viewer;
import dev.pave.web.forms.Form;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * A template's versions: upload a bundle as a new version, publish a draft, deprecate or delete a version. With htmx each
 * action answers with the piece of the template page it changed; without JavaScript, with a redirect to it.
 */
@Path("/templates/{type}/{name}/versions")
public class TemplateVersions {

    /** The largest bundle the page accepts, as Proton does; the registrar checks the archive itself. */
    public static final long MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

    @CheckedTemplate
    static class Templates {
        /** The upload panel again, with the version just created or the form's errors. */
        static native TemplateInstance upload(Template template, Form form, TemplateVersion registered);

        /** The upload form as a page of its own, for browsers without JavaScript whose upload failed. */
        static native TemplateInstance add(Template template, Form form);

        static native TemplateInstance row(Template template, VersionRow row);

        static native TemplateInstance edit(Template template, TemplateVersion version, Form form);
    }

    @Inject
    TemplateService templates;

    @Inject
    Viewer viewer;

    @Inject
    Htmx htmx;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed("platform-admin")
    public Response create(@RestPath String type, @RestPath String name, @RestForm("bundle") FileUpload bundle,
            @RestForm String majorVersion, @RestForm String description, @RestForm String compatibleEnvironments,
            @RestForm boolean directlyDefined) {
        TemplateType templateType = TemplatePaths.type(type);
        Template template = templates.template(viewer.caller(), templateType, name);
        Form form = Form.empty().with("majorVersion", majorVersion).with("description", description)
                .with("compatibleEnvironments", compatibleEnvironments).with("directlyDefined", directlyDefined);
        if (bundle == null || bundle.fileName() == null || bundle.fileName().isBlank() || bundle.size() == 0) {
            form.reject("bundle", "Choose a bundle file.");
        } else if (bundle.size() > MAX_BUNDLE_BYTES) {
            form.reject("bundle", "The bundle is larger than 5 MB.");
        }
        Integer major = parseMajor(majorVersion, form);
        List<CompatibleEnvironment> compatible = templateType == TemplateType.SERVICE
                ? parseCompatible(compatibleEnvironments, form) : List.of();
        if (!form.hasErrors()) {
            try {
                TemplateVersion created = templates.createVersion(viewer.caller(), templateType, name, new NewVersion(major,
                        Texts.emptyToNull(description), new BundleSource.Upload(bundle.fileName(), read(bundle)), compatible,
                        directlyDefined ? List.of("DIRECTLY_DEFINED") : null), Map.of());
                if (htmx.wantsFragment()) {
                    return Response.ok(Templates.upload(template, Form.empty(), created)).header(Htmx.TRIGGER, "versionsChanged").build();
                }
                return Response.seeOther(URI.create(TemplatePaths.of(template) + "?version=" + created.version())).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        // htmx only swaps successful answers, so the panel with its errors goes out as 200
        return htmx.wantsFragment()
                ? Response.ok(Templates.upload(template, form, null)).build()
                : Response.status(400).entity(Templates.add(template, form)).build();
    }

    /** One row of the versions table, for htmx; a browser is sent to the template page showing that version. */
    @GET
    @Path("{version}")
    public Response row(@RestPath String type, @RestPath String name, @RestPath String version) {
        TemplateVersion v = version(type, name, version);
        if (!htmx.wantsFragment()) {
            return Response.seeOther(URI.create("/templates/" + type + "/" + name + "?version=" + v.version())).build();
        }
        return Response.ok(Templates.row(templateOf(type, name), rowOf(v))).build();
    }

    @GET
    @Path("{version}/edit")
    @RolesAllowed("platform-admin")
    public TemplateInstance edit(@RestPath String type, @RestPath String name, @RestPath String version) {
        TemplateVersion v = version(type, name, version);
        return Templates.edit(v.template, v, Form.empty().with("description", v.description));
    }

    @POST
    @Path("{version}/edit")
    @RolesAllowed("platform-admin")
    public Response saveEdit(@RestPath String type, @RestPath String name, @RestPath String version, @RestForm String description) {
        TemplateVersion v = version(type, name, version);
        Form form = Form.empty().with("description", description).limit("description", Catalog.MAX_DESCRIPTION);
        if (!form.hasErrors()) {
            try {
                templates.updateVersion(viewer.caller(), TemplatePaths.type(type), name, v.majorVersion, v.minorVersion, new VersionChange(
                        Optional.of(form.valueOf("description").strip()), Optional.empty(), Optional.empty(), Optional.empty()));
                return Response.seeOther(URI.create(TemplatePaths.of(v.template) + "?version=" + v.version())).build();
            } catch (PaveException e) {
                form.reject(e);
            }
        }
        return Response.status(400).entity(Templates.edit(v.template, v, form)).build();
    }

    @POST
    @Path("{version}/publish")
    @RolesAllowed("platform-admin")
    public Response publish(@RestPath String type, @RestPath String name, @RestPath String version) {
        TemplateVersion v = version(type, name, version);
        try {
            v = templates.updateVersion(viewer.caller(), TemplatePaths.type(type), name, v.majorVersion, v.minorVersion,
                    new VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
            return changed(type, name, rowOf(v));
        } catch (PaveException e) {
            return refused(type, name, rowOf(v).withError(e.getMessage()), e);
        }
    }

    /** Deprecate ({@code deprecated=true}) or offer again ({@code false}) a published version. */
    @POST
    @Path("{version}/deprecation")
    @RolesAllowed("platform-admin")
    public Response deprecate(@RestPath String type, @RestPath String name, @RestPath String version, @RestForm boolean deprecated) {
        TemplateVersion v = version(type, name, version);
        try {
            v = templates.deprecateVersion(viewer.caller(), TemplatePaths.type(type), name, v.majorVersion, v.minorVersion, deprecated);
            return changed(type, name, rowOf(v));
        } catch (PaveException e) {
            return refused(type, name, rowOf(v).withError(e.getMessage()), e);
        }
    }

    @POST
    @Path("{version}/delete")
    @RolesAllowed("platform-admin")
    public Response delete(@RestPath String type, @RestPath String name, @RestPath String version) {
        TemplateVersion v = version(type, name, version);
        try {
            templates.deleteVersion(viewer.caller(), TemplatePaths.type(type), name, v.majorVersion, v.minorVersion);
            // an empty answer makes htmx remove the row
            return changed(type, name, null);
        } catch (PaveException e) {
            return refused(type, name, rowOf(v).withError(e.getMessage()), e);
        }
    }

    /** The changed row (none once deleted), and a nudge to whatever shows the recommended version. */
    private Response changed(String type, String name, VersionRow row) {
        if (!htmx.wantsFragment()) {
            return Response.seeOther(URI.create("/templates/" + type + "/" + name)).build();
        }
        Response.ResponseBuilder answer = row == null ? Response.ok("", MediaType.TEXT_HTML) : Response.ok(Templates.row(templateOf(type, name), row));
        return answer.header(Htmx.TRIGGER, "recommendedChanged").build();
    }

    /** The row with the service's refusal next to its buttons; without htmx, the error page. */
    private Response refused(String type, String name, VersionRow row, PaveException e) {
        if (!htmx.wantsFragment()) {
            throw e;
        }
        return Response.ok(Templates.row(templateOf(type, name), row)).build();
    }

    private Template templateOf(String type, String name) {
        return templates.template(viewer.caller(), TemplatePaths.type(type), name);
    }

    private TemplateVersion version(String type, String name, String version) {
        int[] v = TemplatePaths.version(version);
        return templates.version(viewer.caller(), TemplatePaths.type(type), name, v[0], v[1]);
    }

    private VersionRow rowOf(TemplateVersion v) {
        return VersionRow.of(templates, v, templates.recommendedVersion(v.template));
    }

    private static Integer parseMajor(String majorVersion, Form form) {
        if (majorVersion == null || majorVersion.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(majorVersion.strip());
        } catch (NumberFormatException e) {
            form.reject("majorVersion", "Enter a whole number, or leave it empty.");
            return null;
        }
    }

    /** {@code vpc:1, vpc:2} as typed on the page. */
    private static List<CompatibleEnvironment> parseCompatible(String text, Form form) {
        List<CompatibleEnvironment> list = new ArrayList<>();
        for (String entry : (text == null ? "" : text).split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(":");
            if (parts.length != 2 || parts[0].isBlank() || !parts[1].matches("\\d{1,6}")) {
                form.reject("compatibleEnvironments", "Write each entry as name:major, e.g. vpc:1 (not \"" + entry + "\").");
                return List.of();
            }
            list.add(new CompatibleEnvironment(parts[0], Integer.parseInt(parts[1])));
        }
        if (list.isEmpty()) {
            form.reject("compatibleEnvironments", "Name at least one environment template, e.g. vpc:1.");
        }
        return list;
    }

    private static byte[] read(FileUpload bundle) {
        try {
            return Files.readAllBytes(bundle.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

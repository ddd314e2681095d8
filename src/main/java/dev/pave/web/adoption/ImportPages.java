package dev.pave.web.adoption;

import dev.pave.adoption.ProtonImports;
import dev.pave.error.PaveException;
import dev.pave.repository.RepositoryService;
import dev.pave.sync.ServiceSyncService;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Import from Proton": what an import would adopt (a dry run, on every visit), the specs and versions the admin
 * gives, then the import itself. Platform admins only.
 */
@Path("/admin/imports")
@RolesAllowed("platform-admin")
public class ImportPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(ProtonImports.Report report, List<String> repositories, Form form);
    }

    @Inject
    ProtonImports imports;

    @Inject
    Viewer viewer;

    @Inject
    RepositoryService repositories;

    @GET
    public TemplateInstance index() {
        Form form = Form.empty();
        return Templates.index(dryRun(form, ProtonImports.Request.check()), repositories.choices(viewer.caller()), form);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(MultivaluedMap<String, String> body) {
        Form form = Form.posted(body);
        boolean dryRun = !"import".equals(form.valueOf("action"));
        ProtonImports.Request request = new ProtonImports.Request(dryRun, prefixed(form, "spec."), prefixed(form, "serviceSpec."),
                prefixed(form, "version."), repositories(form), serviceSync(form), byName(form));
        try {
            return Response.ok(Templates.index(imports.run(viewer.caller(), request), repositories.choices(viewer.caller()), form)).build();
        } catch (PaveException e) {
            form.reject(e);
            return Response.status(400).entity(Templates.index(dryRun(form, ProtonImports.Request.check()), repositories.choices(viewer.caller()),
                    form)).build();
        }
    }

    /** The dry run a page shows; null (the form says why) when the account cannot be read. */
    private ProtonImports.Report dryRun(Form form, ProtonImports.Request request) {
        try {
            return imports.run(viewer.caller(), request);
        } catch (PaveException e) {
            form.reject(e);
            return null;
        }
    }

    /** The filled-in fields named {@code <prefix><key>}, by key: specs by environment, versions by template. */
    private static Map<String, String> prefixed(Form form, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : form.getFieldNames()) {
            if (field.startsWith(prefix) && !form.valueOf(field).isBlank()) {
                out.put(field.substring(prefix.length()), form.valueOf(field).strip());
            }
        }
        return out;
    }

    /** The repository fields of each service, {@code repository.<service>.connection}, {@code .id} and {@code .branch}, of each service whose id is given. */
    private static Map<String, ProtonImports.Repository> repositories(Form form) {
        Map<String, ProtonImports.Repository> out = new LinkedHashMap<>();
        for (String field : form.getFieldNames()) {
            if (field.startsWith("repository.") && field.endsWith(".id") && !form.valueOf(field).isBlank()) {
                String service = field.substring("repository.".length(), field.length() - ".id".length());
                out.put(service, new ProtonImports.Repository(given(form, "repository." + service + ".connection"), given(form, field),
                        given(form, "repository." + service + ".branch")));
            }
        }
        return out;
    }

    /** The proton-ops file, when its repository ("PROVIDER/name", a linked one) is chosen. */
    private static ServiceSyncService.Source serviceSync(Form form) {
        String repository = form.valueOf("sync.repository");
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return null;
        }
        return new ServiceSyncService.Source(repository.substring(0, slash), repository.substring(slash + 1), given(form, "sync.branch"),
                given(form, "sync.filePath"));
    }

    private static String given(Form form, String field) {
        return form.valueOf(field).isBlank() ? null : form.valueOf(field).strip();
    }

    private static List<ProtonImports.StackAdoption> byName(Form form) {
        if (form.valueOf("stackName").isBlank()) {
            return List.of();
        }
        return List.of(new ProtonImports.StackAdoption(form.valueOf("stackName").strip(), form.valueOf("environmentName").strip(),
                form.valueOf("templateName").strip(), form.valueOf("stackVersion").isBlank() ? null : form.valueOf("stackVersion").strip()));
    }
}

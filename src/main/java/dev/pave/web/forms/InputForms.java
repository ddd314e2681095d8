package dev.pave.web.forms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.web.PageFormats;
import dev.pave.web.QueryParams;
import dev.pave.web.Viewer;
import dev.pave.web.catalog.TemplatePaths;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * What every page with a generated input form shares (environments, services with their pipeline and instances,
 * service instances, pipelines): checking one field as the user types (htmx posts the whole form on {@code change}
 * or a pause in typing and swaps that field's error slot) and the markup of a new row of an array input. Fields of
 * a form in a part of a page (e.g. {@code instance.2.input.replicas}) are checked against that form's values only.
 */
@Path("/forms")
public class InputForms {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(String id, String error);

        static native TemplateInstance row(InputField f, String value, String index, String validate);
    }

    @Inject
    TemplateService templates;

    @Inject
    Drafts drafts;

    @Inject
    Viewer viewer;

    @Inject
    HttpServerRequest request;

    /**
     * The error slot of the field that triggered the request (htmx's {@code HX-Trigger-Name}), empty when it is valid.
     *
     * @param type environment or service
     * @param schema for service templates: instance or pipeline
     */
    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance validate(@RestQuery String type, @RestQuery String template, @RestQuery String version,
            @RestQuery String schema, MultivaluedMap<String, String> body) {
        String trigger = request.getHeader("HX-Trigger-Name");
        String prefix = trigger == null ? null : InputForm.prefixOf(trigger);
        if (prefix == null) {
            return Templates.error("in-unknown", null);
        }
        // a page with several forms (a service's instances) posts them all: only the trigger's form is checked
        InputForm form = InputForm.posted(schemaOf(type, template, version, schema), params(body), prefix);
        form.validate();
        String path = trigger.substring(prefix.length());
        InputField field = form.field(path);
        if (field == null) {
            return Templates.error("in-unknown", null);
        }
        return Templates.error(field.id(), form.errorOf(path));
    }

    /** The error slot of a page's own field ({@code f-<name>}), as a live check answers it: hidden when empty. */
    public static TemplateInstance errorSlot(String id, String error) {
        return Templates.error(id, error);
    }

    /** A new, empty row of an array input. */
    @GET
    @Path("row")
    public TemplateInstance row(@RestQuery String param, @RestQuery String label, @RestQuery String type,
            @RestQuery String pattern, @RestQuery String validate) {
        String prefix = param == null || InputForm.prefixOf(param) == null ? InputForm.PREFIX : InputForm.prefixOf(param);
        String path = param == null ? "" : param.startsWith(prefix) ? param.substring(prefix.length()) : param;
        InputField f = new InputField(InputField.Kind.ARRAY, path, path, label == null ? path : label, null, false, "array",
                "number".equals(type) ? "number" : "string", List.of(), null, null, null, null, null,
                pattern == null || pattern.isEmpty() ? null : pattern, null, null, 0, prefix);
        return Templates.row(f, "", "new", validate == null || !validate.startsWith("/forms/validate") ? "/forms/validate" : validate);
    }

    /** The input type of a template version: its environment or instance inputs, or its pipeline's. */
    JsonNode schemaOf(String type, String template, String version, String schema) {
        TemplateType templateType = TemplatePaths.type(type);
        int[] v = TemplatePaths.version(version);
        TemplateVersion tv = templates.version(viewer.caller(), templateType, template, v[0], v[1]);
        return drafts.schema(tv, Drafts.InputType.of(templateType, schema));
    }

    /** The URL a generated form's fields post to as the user types. */
    public static String validateUrl(Drafts.InputType type, String template, String version) {
        return "/forms/validate?type=" + PageFormats.slug(type.templateType) + "&template=" + QueryParams.encode(template) + "&version="
                + QueryParams.encode(version) + (type.schema == null ? "" : "&schema=" + QueryParams.encode(type.schema));
    }

    public static Map<String, List<String>> params(MultivaluedMap<String, String> body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body != null) {
            body.forEach(params::put);
        }
        return params;
    }
}

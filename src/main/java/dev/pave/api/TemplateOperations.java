package dev.pave.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.template.BundleSource;
import dev.pave.template.Template;
import dev.pave.template.TemplateCatalog;
import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The twenty template operations: Create/Get/Update/Delete/List of environment and service templates and their versions. */
@ApplicationScoped
public class TemplateOperations implements ApiOperations {

    @Inject
    TemplateService templates;

    @Inject
    TemplateCatalog catalog;

    @Override
    public Map<String, ApiOperation> operations() {
        Map<String, ApiOperation> ops = new HashMap<>();
        for (TemplateType type : TemplateType.values()) {
            String kind = type == TemplateType.ENVIRONMENT ? "Environment" : "Service";
            String templateKey = type == TemplateType.ENVIRONMENT ? "environmentTemplate" : "serviceTemplate";
            String versionKey = templateKey + "Version";

            ops.put("Create" + kind + "Template", (caller, in) -> {
                String provisioning = Json.text(in, type == TemplateType.ENVIRONMENT ? "provisioning" : "pipelineProvisioning").orElse(null);
                Template t = templates.createTemplate(caller, type, new TemplateService.NewTemplate(Json.required(in, "name"),
                        Json.text(in, "displayName").orElse(null), Json.text(in, "description").orElse(null),
                        Json.text(in, "encryptionKey").orElse(null), provisioning), TagOperations.tagMap(in.get("tags")));
                return Json.object().set(templateKey, template(caller, t));
            });
            ops.put("Get" + kind + "Template", (caller, in) ->
                    Json.object().set(templateKey, template(caller, templates.template(caller, type, Json.required(in, "name")))));
            ops.put("Update" + kind + "Template", (caller, in) -> {
                Template t = templates.updateTemplate(caller, type, Json.required(in, "name"), Json.text(in, "displayName"), Json.text(in, "description"));
                return Json.object().set(templateKey, template(caller, t));
            });
            ops.put("Delete" + kind + "Template", (caller, in) -> {
                Template t = templates.deleteTemplate(caller, type, Json.required(in, "name"));
                return Json.object().set(templateKey, templateFields(t, null));
            });
            ops.put("List" + kind + "Templates", (caller, in) -> {
                Paging paging = Paging.of(in, "List" + kind + "Templates");
                List<Template> rows = catalog.templates(caller, type, paging.offset(), paging.fetchSize());
                Map<Long, String> recommended = catalog.recommendedVersions(rows);
                return paging.write(Json.object(), "templates", rows, t -> templateFields(t, recommended.get(t.id)));
            });

            ops.put("Create" + kind + "TemplateVersion", (caller, in) -> {
                JsonNode s3 = in.path("source").path("s3");
                TemplateService.NewVersion spec = new TemplateService.NewVersion(
                        Json.text(in, "majorVersion").map(TemplateOperations::versionPart).orElse(null),
                        Json.text(in, "description").orElse(null),
                        new BundleSource.S3(s3.path("bucket").asText(), s3.path("key").asText()),
                        compatibleEnvironments(in.get("compatibleEnvironmentTemplates")),
                        strings(in.get("supportedComponentSources")));
                TemplateVersion v = templates.createVersion(caller, type, Json.required(in, "templateName"), spec, TagOperations.tagMap(in.get("tags")));
                return Json.object().set(versionKey, version(v, true));
            });
            ops.put("Get" + kind + "TemplateVersion", (caller, in) ->
                    Json.object().set(versionKey, version(templates.version(caller, type, Json.required(in, "templateName"),
                            versionPart(Json.required(in, "majorVersion")), versionPart(Json.required(in, "minorVersion"))), true)));
            ops.put("Update" + kind + "TemplateVersion", (caller, in) -> {
                TemplateService.VersionChange change = new TemplateService.VersionChange(
                        Json.text(in, "description"),
                        Json.text(in, "status").map(TemplateVersion.Status::valueOf),
                        Optional.ofNullable(in.get("compatibleEnvironmentTemplates")).map(TemplateOperations::compatibleEnvironments),
                        Optional.ofNullable(in.get("supportedComponentSources")).map(TemplateOperations::strings));
                TemplateVersion v = templates.updateVersion(caller, type, Json.required(in, "templateName"),
                        versionPart(Json.required(in, "majorVersion")), versionPart(Json.required(in, "minorVersion")), change);
                return Json.object().set(versionKey, version(v, true));
            });
            ops.put("Delete" + kind + "TemplateVersion", (caller, in) -> {
                TemplateVersion v = templates.deleteVersion(caller, type, Json.required(in, "templateName"),
                        versionPart(Json.required(in, "majorVersion")), versionPart(Json.required(in, "minorVersion")));
                return Json.object().set(versionKey, versionFields(v, null, true));
            });
            ops.put("List" + kind + "TemplateVersions", (caller, in) -> {
                String name = Json.required(in, "templateName");
                Integer major = Json.text(in, "majorVersion").map(TemplateOperations::versionPart).orElse(null);
                Paging paging = Paging.of(in, "List" + kind + "TemplateVersions:" + name + ":" + major);
                List<TemplateVersion> rows = templates.versions(caller, type, name, major, paging.offset(), paging.fetchSize());
                return paging.write(Json.object(), "templateVersions", rows, v -> version(v, false));
            });
        }
        return ops;
    }

    private ObjectNode template(Caller caller, Template t) {
        return templateFields(t, templates.recommendedVersion(t).map(TemplateVersion::version).orElse(null));
    }

    private ObjectNode templateFields(Template t, String recommendedVersion) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", templates.arn(t));
        Json.put(out, "createdAt", t.createdAt);
        Json.put(out, "description", t.description);
        Json.put(out, "displayName", t.displayName);
        Json.put(out, "encryptionKey", t.encryptionKey);
        Json.put(out, "lastModifiedAt", t.lastModifiedAt);
        Json.put(out, "name", t.name);
        Json.put(out, t.type == TemplateType.ENVIRONMENT ? "provisioning" : "pipelineProvisioning",
                t.type == TemplateType.ENVIRONMENT ? t.provisioning : t.pipelineProvisioning);
        Json.put(out, "recommendedVersion", recommendedVersion);
        return out;
    }

    private ObjectNode version(TemplateVersion v, boolean detail) {
        return versionFields(v, templates.recommendedMinor(v).map(String::valueOf).orElse(null), detail);
    }

    /** A version; {@code detail} adds what Proton's summaries leave out (schema, component sources). */
    private ObjectNode versionFields(TemplateVersion v, String recommendedMinor, boolean detail) {
        ObjectNode out = Json.object();
        Json.put(out, "arn", templates.arn(v));
        Json.put(out, "createdAt", v.createdAt);
        Json.put(out, "description", v.description);
        Json.put(out, "lastModifiedAt", v.lastModifiedAt);
        Json.put(out, "majorVersion", String.valueOf(v.majorVersion));
        Json.put(out, "minorVersion", String.valueOf(v.minorVersion));
        Json.put(out, "recommendedMinorVersion", recommendedMinor);
        Json.put(out, "status", v.status.name());
        Json.put(out, "statusMessage", v.statusMessage);
        Json.put(out, "templateName", v.template.name);
        if (detail && v.template.type == TemplateType.SERVICE) {
            ArrayNode compatible = out.putArray("compatibleEnvironmentTemplates");
            templates.compatibleEnvironments(v).forEach(c -> compatible.add(
                    Json.object().put("templateName", c.templateName()).put("majorVersion", String.valueOf(c.majorVersion()))));
            if (v.supportedComponentSources != null) {
                ArrayNode sources = out.putArray("supportedComponentSources");
                templates.supportedComponentSources(v).forEach(sources::add);
            }
        }
        if (detail) {
            Json.put(out, "schema", v.schema);
        }
        return out;
    }

    private static List<CompatibleEnvironment> compatibleEnvironments(JsonNode list) {
        if (list == null) {
            return null;
        }
        List<CompatibleEnvironment> out = new ArrayList<>();
        list.forEach(c -> out.add(new CompatibleEnvironment(c.path("templateName").asText(), versionPart(c.path("majorVersion").asText()))));
        return out;
    }

    private static List<String> strings(JsonNode list) {
        if (list == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(s.asText()));
        return out;
    }

    /** Version parts are strings in Proton's API ("1", "0"), already checked against its pattern. */
    static int versionPart(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ValidationException("Version part '" + s + "' is too large");
        }
    }
}

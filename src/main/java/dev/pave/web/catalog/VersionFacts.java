package dev.pave.web.catalog;

import dev.pave.template.TemplateService.CompatibleEnvironment;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.BundleValidator;
import dev.pave.web.forms.InputDoc;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The version a template page describes: its environments, and its inputs documented from its schema
 * (pipeline inputs null when it provisions no pipeline; both null until it is registered).
 */
@TemplateData
public record VersionFacts(TemplateVersion version, List<CompatibleEnvironment> compatibleEnvironments, List<InputDoc> inputs,
        List<InputDoc> pipelineInputs) {

    static VersionFacts of(TemplateService templates, TemplateVersion v) {
        if (v == null) {
            return null;
        }
        if (v.schema == null) {
            return new VersionFacts(v, templates.compatibleEnvironments(v), null, null);
        }
        BundleValidator.InputSchemas schemas = templates.inputSchemas(v);
        return new VersionFacts(v, templates.compatibleEnvironments(v), InputDoc.of(schemas.input()),
                schemas.pipeline() == null ? null : InputDoc.of(schemas.pipeline()));
    }
}

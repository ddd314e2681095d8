package dev.pave.web.catalog;

import dev.pave.template.TemplateService;
import dev.pave.template.TemplateVersion;
import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A row of a template's versions table: the version, whether it is the recommended one, the environment
 * templates a service version runs on ({@code vpc:1, vpc:2}), and an error from the last action on it.
 */
@TemplateData
public record VersionRow(TemplateVersion version, boolean recommended, String compatibleEnvironments, String error) {

    static List<VersionRow> all(TemplateService templates, List<TemplateVersion> versions, Optional<TemplateVersion> recommended) {
        return versions.stream().map(v -> of(templates, v, recommended)).toList();
    }

    static VersionRow of(TemplateService templates, TemplateVersion v, Optional<TemplateVersion> recommended) {
        String compatible = templates.compatibleEnvironments(v).stream()
                .map(c -> c.templateName() + ":" + c.majorVersion()).collect(Collectors.joining(", "));
        return new VersionRow(v, recommended.map(r -> r.id.equals(v.id)).orElse(false), compatible, null);
    }

    /** Only a draft can be published. */
    public boolean publishable() {
        return version.status == TemplateVersion.Status.DRAFT;
    }

    /** Only a published version can be deprecated, and offered again. */
    public boolean deprecatable() {
        return version.published();
    }

    /** A version still being registered is not finished enough to delete; the service decides the rest. */
    public boolean deletable() {
        return version.status != TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
    }

    /** Registration still running (a bundle read from S3): the row refreshes itself until it ends. */
    public boolean registering() {
        return version.status == TemplateVersion.Status.REGISTRATION_IN_PROGRESS;
    }

    VersionRow withError(String message) {
        return new VersionRow(version, recommended, compatibleEnvironments, message);
    }
}

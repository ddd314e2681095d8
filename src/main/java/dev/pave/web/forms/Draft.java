package dev.pave.web.forms;

import dev.pave.deploy.DeploymentType;
import dev.pave.template.Template;
import dev.pave.template.TemplateVersion;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A resource being created or edited, as its form shows it: the template, the published versions to choose from,
 * the version whose input type the generated form follows, the page's own fields and the inputs, and the URL that
 * checks one input as the user types. Built by {@link Drafts}.
 */
@TemplateData
public record Draft(Template template, List<TemplateVersion> versions, TemplateVersion version, Form form, InputForm inputs,
        String validate) {

    /** The major version a deployment of this type names: the chosen version's when it moves versions, else none. */
    public Integer majorFor(DeploymentType type) {
        return moves(type) ? version.majorVersion : null;
    }

    public Integer minorFor(DeploymentType type) {
        return moves(type) ? version.minorVersion : null;
    }

    private static boolean moves(DeploymentType type) {
        return type == DeploymentType.MINOR_VERSION || type == DeploymentType.MAJOR_VERSION;
    }
}

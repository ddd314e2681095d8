package dev.pave.fleet;

import dev.pave.deploy.plan.VersionRules.Standing;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Each template's recommended version, looked up once per view of many resources. */
final class RecommendedVersions {

    private final TemplateService templates;
    private final Map<String, Optional<TemplateVersion>> recommended = new HashMap<>();

    RecommendedVersions(TemplateService templates) {
        this.templates = templates;
    }

    Optional<TemplateVersion> of(TemplateType type, String templateName) {
        return recommended.computeIfAbsent(type + "/" + templateName, k -> Template.find(type, templateName).flatMap(templates::recommendedVersion));
    }

    /** UP_TO_DATE, BEHIND_MINOR or BEHIND_MAJOR; a resource without a version (a component) is up to date. */
    Standing standing(TemplateType type, String templateName, Integer major, Integer minor) {
        if (major == null || minor == null) {
            return Standing.UP_TO_DATE;
        }
        return VersionRules.standing(of(type, templateName), major, minor);
    }
}

package dev.pave.template;

import java.util.Optional;

/**
 * Something that still needs a template version although nothing runs on it yet: a deployment moving a resource to
 * it, an approval or a campaign waiting to. The registry asks every hold before deleting a version (what already runs
 * on one is {@link TemplateUsage}'s to count).
 */
public interface VersionHold {

    /** Why {@code templateName:major.minor} must stay, e.g. "the deployment … of env prod is moving to it"; empty when nothing holds it. */
    Optional<String> holding(TemplateType type, String templateName, int major, int minor);
}

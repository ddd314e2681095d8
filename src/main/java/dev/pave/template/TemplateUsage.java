package dev.pave.template;

import java.util.Collection;
import java.util.List;

/**
 * Something that deploys template versions (environments, service instances, pipelines). The registry asks
 * every such feature before deleting a version, so a version in use is never removed, and the catalog asks them
 * how many resources run on each version.
 */
public interface TemplateUsage {

    /** What runs on a template version. */
    enum Resource {
        ENVIRONMENT,
        SERVICE_INSTANCE,
        PIPELINE
    }

    /** How many resources of one kind run on one version, e.g. 3 service instances on web 1.2. */
    record Count(String templateName, int major, int minor, Resource resource, long count) {

        /** A row of {@code select templateName, major, minor, count(…) … group by …}. */
        public static Count of(Object[] row, Resource resource) {
            return new Count((String) row[0], ((Number) row[1]).intValue(), ((Number) row[2]).intValue(), resource, ((Number) row[3]).longValue());
        }
    }

    /** How many resources run on this version ({@code minor} null: any minor of the major). */
    long countUsing(TemplateType type, String templateName, int major, Integer minor);

    /** The resources on each version of these templates, one grouped query per kind of resource; none for other types. */
    List<Count> countByVersion(TemplateType type, Collection<String> templateNames);
}

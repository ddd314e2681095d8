package dev.pave.environment;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Environment template versions that environments run on can't be deleted; the catalog counts them. */
@ApplicationScoped
public class EnvironmentTemplateUsage implements TemplateUsage {

    @Override
    public long countUsing(TemplateType type, String templateName, int major, Integer minor) {
        if (type != TemplateType.ENVIRONMENT) {
            return 0;
        }
        return minor == null
                ? Environment.count("templateName = ?1 and templateVersion.major = ?2", templateName, major)
                : Environment.count("templateName = ?1 and templateVersion.major = ?2 and templateVersion.minor = ?3", templateName, major, minor);
    }

    @Override
    public List<Count> countByVersion(TemplateType type, Collection<String> templateNames) {
        if (type != TemplateType.ENVIRONMENT || templateNames.isEmpty()) {
            return List.of();
        }
        return Environment.getEntityManager().createQuery("select e.templateName, e.templateVersion.major, e.templateVersion.minor, count(e) "
                + "from Environment e where e.templateName in :names "
                + "group by e.templateName, e.templateVersion.major, e.templateVersion.minor", Object[].class)
                .setParameter("names", templateNames).getResultStream().map(row -> Count.of(row, Resource.ENVIRONMENT)).toList();
    }
}

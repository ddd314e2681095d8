package dev.pave.service;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Service template versions that instances or pipelines run on can't be deleted; the catalog counts them. */
@ApplicationScoped
public class ServiceTemplateUsage implements TemplateUsage {

    @Override
    public long countUsing(TemplateType type, String templateName, int major, Integer minor) {
        if (type != TemplateType.SERVICE) {
            return 0;
        }
        if (minor == null) {
            return ServiceInstance.count("templateName = ?1 and templateVersion.major = ?2", templateName, major)
                    + Service.count("templateName = ?1 and hasPipeline = true and pipelineTemplateVersion.major = ?2", templateName, major);
        }
        return ServiceInstance.count("templateName = ?1 and templateVersion.major = ?2 and templateVersion.minor = ?3", templateName, major, minor)
                + Service.count("templateName = ?1 and hasPipeline = true and pipelineTemplateVersion.major = ?2 and pipelineTemplateVersion.minor = ?3",
                        templateName, major, minor);
    }

    @Override
    public List<Count> countByVersion(TemplateType type, Collection<String> templateNames) {
        if (type != TemplateType.SERVICE || templateNames.isEmpty()) {
            return List.of();
        }
        List<Count> counts = new ArrayList<>();
        ServiceInstance.getEntityManager().createQuery("select i.templateName, i.templateVersion.major, i.templateVersion.minor, count(i) "
                + "from ServiceInstance i where i.templateName in :names "
                + "group by i.templateName, i.templateVersion.major, i.templateVersion.minor", Object[].class)
                .setParameter("names", templateNames).getResultStream().forEach(row -> counts.add(Count.of(row, Resource.SERVICE_INSTANCE)));
        Service.getEntityManager().createQuery("select s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor, count(s) "
                + "from Service s where s.hasPipeline = true and s.templateName in :names "
                + "group by s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor", Object[].class)
                .setParameter("names", templateNames).getResultStream().forEach(row -> counts.add(Count.of(row, Resource.PIPELINE)));
        return counts;
    }
}

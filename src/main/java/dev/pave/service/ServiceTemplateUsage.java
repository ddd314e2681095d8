package dev.pave.service;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateUsage;
import jakarta.enterprise.context.ApplicationScoped;

/** Service template versions that instances or pipelines run on can't be deleted. */
@ApplicationScoped
public class ServiceTemplateUsage implements TemplateUsage {

    @Override
    public long countUsing(TemplateType type, String templateName, int major, Integer minor) {
        if (type != TemplateType.SERVICE) {
            return 0;
        }
        if (minor == null) {
            return ServiceInstance.count("templateName = ?1 and templateMajorVersion = ?2", templateName, major)
                    + Service.count("templateName = ?1 and hasPipeline = true and pipelineTemplateMajorVersion = ?2", templateName, major);
        }
        return ServiceInstance.count("templateName = ?1 and templateMajorVersion = ?2 and templateMinorVersion = ?3", templateName, major, minor)
                + Service.count("templateName = ?1 and hasPipeline = true and pipelineTemplateMajorVersion = ?2 and pipelineTemplateMinorVersion = ?3",
                        templateName, major, minor);
    }
}

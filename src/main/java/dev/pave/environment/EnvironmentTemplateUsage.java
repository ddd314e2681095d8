package dev.pave.environment;

import dev.pave.template.TemplateType;
import dev.pave.template.TemplateUsage;
import jakarta.enterprise.context.ApplicationScoped;

/** Environment template versions that environments run on can't be deleted. */
@ApplicationScoped
public class EnvironmentTemplateUsage implements TemplateUsage {

    @Override
    public long countUsing(TemplateType type, String templateName, int major, Integer minor) {
        if (type != TemplateType.ENVIRONMENT) {
            return 0;
        }
        return minor == null
                ? Environment.count("templateName = ?1 and templateMajorVersion = ?2", templateName, major)
                : Environment.count("templateName = ?1 and templateMajorVersion = ?2 and templateMinorVersion = ?3", templateName, major, minor);
    }
}

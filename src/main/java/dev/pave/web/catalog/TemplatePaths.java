package dev.pave.web.catalog;

import dev.pave.error.ResourceNotFoundException;
import dev.pave.template.Template;
import dev.pave.template.TemplateType;
import java.util.Locale;

/** Template page URLs: {@code /templates/environment/vpc}, versions as {@code major.minor}. */
public final class TemplatePaths {

    private TemplatePaths() {
    }

    public static TemplateType type(String slug) {
        return switch (slug) {
            case "environment" -> TemplateType.ENVIRONMENT;
            case "service" -> TemplateType.SERVICE;
            default -> throw new ResourceNotFoundException("There is no template type " + slug);
        };
    }

    public static String of(Template t) {
        return of(t.type, t.name);
    }

    public static String of(TemplateType type, String name) {
        return "/templates/" + type.name().toLowerCase(Locale.ROOT) + "/" + name;
    }

    /** {@code [major, minor]} of a {@code major.minor} path segment. */
    public static int[] version(String version) {
        String[] parts = version.split("\\.");
        try {
            if (parts.length == 2) {
                return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) };
            }
        } catch (NumberFormatException e) {
            // falls through to not found
        }
        throw new ResourceNotFoundException("There is no template version " + version);
    }
}

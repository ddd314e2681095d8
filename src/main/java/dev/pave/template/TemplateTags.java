package dev.pave.template;

import dev.pave.Arns;
import dev.pave.identity.Role;
import dev.pave.tag.TaggableResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves template and template-version ARNs for tagging; their tags belong to platform admins. */
@ApplicationScoped
public class TemplateTags implements TaggableResources {

    private static final Pattern ARN = Pattern.compile("(environment|service)-template/([^:/]+)(?::(\\d+)\\.(\\d+))?");

    @Inject
    Arns arns;

    @Override
    public Optional<Role> tagOwnerRole(String arn) {
        if (!arn.startsWith(arns.prefix())) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(arn.substring(arns.prefix().length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        TemplateType type = m.group(1).equals("environment") ? TemplateType.ENVIRONMENT : TemplateType.SERVICE;
        Optional<Template> template = Template.find(type, m.group(2));
        boolean exists = m.group(3) == null ? template.isPresent()
                : template.isPresent() && TemplateVersion.count("template = ?1 and majorVersion = ?2 and minorVersion = ?3",
                        template.get(), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))) > 0;
        return exists ? Optional.of(Role.PLATFORM_ADMIN) : Optional.empty();
    }
}

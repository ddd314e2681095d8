package dev.pave.repository;

import dev.pave.Arns;
import dev.pave.identity.Role;
import dev.pave.tag.TaggableResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;

/** Repository ARNs ({@code …:repository/<provider>:<name>}) for tagging; their tags belong to platform admins. */
@ApplicationScoped
public class RepositoryTags implements TaggableResources {

    @Inject
    Arns arns;

    @Override
    public Optional<Role> tagOwnerRole(String arn) {
        String prefix = arns.prefix() + "repository/";
        if (!arn.startsWith(prefix) || !arn.substring(prefix.length()).contains(":")) {
            return Optional.empty();
        }
        String rest = arn.substring(prefix.length());
        String provider = rest.substring(0, rest.indexOf(':')).toUpperCase(Locale.ROOT);
        String name = rest.substring(rest.indexOf(':') + 1);
        return GitRepository.find(provider, name).map(r -> Role.PLATFORM_ADMIN);
    }
}

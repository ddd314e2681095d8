package dev.pave.environment;

import dev.pave.Arns;
import dev.pave.identity.Role;
import dev.pave.tag.TaggableResources;
import dev.pave.team.Owned;
import dev.pave.team.OwnedResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Environment ARNs for tagging; developers own environments' tags. */
@ApplicationScoped
public class EnvironmentTags implements TaggableResources, OwnedResources {

    @Inject
    Arns arns;

    @Override
    public Optional<Role> tagOwnerRole(String arn) {
        String prefix = arns.of("environment", "");
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        return Environment.byName(arn.substring(prefix.length())).map(e -> Role.DEVELOPER);
    }

    @Override
    public Optional<Owned> owner(String arn) {
        String prefix = arns.of("environment", "");
        return arn.startsWith(prefix) ? Environment.byName(arn.substring(prefix.length())).map(e -> e) : Optional.empty();
    }

    @Override
    public Optional<String> team(String arn) {
        String prefix = arns.of("environment", "");
        return arn.startsWith(prefix) ? OwnedResources.column("select owner_team from environment where name = ?1", arn.substring(prefix.length()))
                : Optional.empty();
    }
}

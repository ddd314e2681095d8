package dev.pave.component;

import dev.pave.Arns;
import dev.pave.identity.Role;
import dev.pave.tag.TaggableResources;
import dev.pave.team.Owned;
import dev.pave.team.OwnedResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Component ARNs for tagging; developers own their tags. */
@ApplicationScoped
public class ComponentTags implements TaggableResources, OwnedResources {

    @Inject
    Arns arns;

    @Override
    public Optional<Role> tagOwnerRole(String arn) {
        String prefix = arns.of("component", "");
        return arn.startsWith(prefix) ? Component.byName(arn.substring(prefix.length())).map(c -> Role.DEVELOPER) : Optional.empty();
    }

    @Override
    public Optional<Owned> owner(String arn) {
        String prefix = arns.of("component", "");
        return arn.startsWith(prefix) ? Component.byName(arn.substring(prefix.length())).map(c -> c) : Optional.empty();
    }

    @Override
    public Optional<String> team(String arn) {
        String prefix = arns.of("component", "");
        return arn.startsWith(prefix) ? OwnedResources.column("select owner_team from component where name = ?1", arn.substring(prefix.length()))
                : Optional.empty();
    }
}

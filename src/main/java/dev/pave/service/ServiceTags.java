package dev.pave.service;

import dev.pave.Arns;
import dev.pave.identity.Role;
import dev.pave.tag.TaggableResources;
import dev.pave.team.Owned;
import dev.pave.team.OwnedResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Service and service instance ARNs for tagging; developers own their tags. */
@ApplicationScoped
public class ServiceTags implements TaggableResources, OwnedResources {

    @Inject
    Arns arns;

    @Override
    public Optional<Role> tagOwnerRole(String arn) {
        String prefix = arns.of("service", "");
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = arn.substring(prefix.length()).split("/");
        if (parts.length == 1) {
            return Service.byName(parts[0]).map(s -> Role.DEVELOPER);
        }
        if (parts.length == 3 && parts[1].equals("service-instance")) {
            return ServiceInstance.byName(parts[0], parts[2]).map(i -> Role.DEVELOPER);
        }
        return Optional.empty();
    }

    /** A service's ARN, its pipeline's or one of its instances': all are the service's team's. */
    @Override
    public Optional<Owned> owner(String arn) {
        return serviceOf(arn).flatMap(Service::byName);
    }

    @Override
    public Optional<String> team(String arn) {
        return serviceOf(arn).flatMap(name -> OwnedResources.column("select owner_team from service where name = ?1", name));
    }

    /** The service a service's, pipeline's or instance's ARN names. */
    private Optional<String> serviceOf(String arn) {
        String prefix = arns.of("service", "");
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = arn.substring(prefix.length()).split("/");
        boolean ours = parts.length == 1 || parts.length == 2 && parts[1].equals("pipeline")
                || parts.length == 3 && parts[1].equals("service-instance");
        return ours ? Optional.of(parts[0]) : Optional.empty();
    }
}

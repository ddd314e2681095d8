package dev.pave.tag;

import dev.pave.identity.Role;
import java.util.Optional;

/** A feature that owns resources with ARNs; tagging asks each one whether an ARN is its own. */
public interface TaggableResources {

    /** The role needed to change the tags of this resource, or empty when the ARN names none of this feature's resources. */
    Optional<Role> tagOwnerRole(String arn);
}

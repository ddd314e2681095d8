package dev.pave.team;

import java.util.Optional;

/** A feature whose resources have ARNs and owners; ARN-only calls (tags, deployments) find the owner through it. */
public interface OwnedResources {

    /** The owned resource this ARN names (an instance's or pipeline's ARN: its service), or empty when it is not this feature's. */
    Optional<Owned> owner(String arn);
}

package dev.pave.provision.cloudformation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Pave waits on CloudFormation ({@code pave.cloudformation.…}). */
@ConfigMapping(prefix = "pave.cloudformation")
public interface CloudFormationConfig {

    /** Pause between two looks at a stack or change set. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Longest a deployment may take, counted from its first attempt; then it fails and Pave stops waiting. */
    @WithDefault("60m")
    Duration timeout();
}

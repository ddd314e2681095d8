package dev.pave.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The deployment workers, under {@code pave.deploy.}. */
@ConfigMapping(prefix = "pave.deploy")
public interface DeployConfig {

    /** How many deployments this process runs at once; 0 turns the workers off (a replica that only serves requests). */
    @WithDefault("4")
    int workers();

    /** How long a claim holds a deployment without a heartbeat; after that any replica takes it over. Heartbeats come every third of it. */
    @WithDefault("30s")
    Duration lease();

    /** How often idle workers look for due deployments (new ones on this replica wake them at once). */
    @WithDefault("1s")
    Duration poll();

    /** Readable prefix of this process's leases (e.g. the host name); a random UUID when absent. */
    Optional<String> workerId();

    /**
     * Every deployment succeeds without provisioning anything: for measuring the engine apart from the clouds and
     * commands it drives, or rehearsing an installation. Pave says so at every start and on the settings page.
     */
    @WithDefault("false")
    boolean dryRun();
}

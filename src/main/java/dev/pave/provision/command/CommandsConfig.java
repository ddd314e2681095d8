package dev.pave.provision.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How Pave runs the manifest's provision commands on its own machine ({@code pave.commands.…}). */
@ConfigMapping(prefix = "pave.commands")
public interface CommandsConfig {

    /** Where each attempt gets its fresh work directory, {@code <work-dir>/<deploymentId>/<attempt>}. */
    @WithDefault("${java.io.tmpdir}/pave-runs")
    Path workDir();

    /** Longest all of a deployment's commands may run together before they are killed. */
    @WithDefault("60m")
    Duration timeout();

    /**
     * Names of Pave's environment variables the commands may see (e.g. {@code AWS_ENDPOINT_URL,AWS_PROFILE}); the
     * commands otherwise get a clean environment, so Pave's own secrets never reach them.
     */
    Optional<List<String>> passEnv();
}

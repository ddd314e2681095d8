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

    /** Where each run gets its directory, under a random name; Pave's alone (0700, or 0711 when it runs as root). */
    @WithDefault("${pave.home}/runs")
    Path workDir();

    /** Longest all of a deployment's commands may run together before they are killed. */
    @WithDefault("60m")
    Duration timeout();

    /**
     * Names of Pave's environment variables the commands may see (e.g. {@code AWS_ENDPOINT_URL,AWS_PROFILE}); the
     * commands otherwise get a clean environment, so Pave's own secrets never reach them.
     */
    Optional<List<String>> passEnv();

    /** {@code bwrap} (bubblewrap, the default) or {@code off}, which runs commands unsandboxed and warns on every start. */
    @WithDefault("bwrap")
    Sandbox.Mode sandbox();

    /** Host paths a sandboxed command may read besides the system directories, e.g. a toolchain under /srv. */
    Optional<List<Path>> readOnlyPaths();

    /** Host paths a sandboxed command may write, e.g. a shared Terraform plugin cache; the runner account needs access. */
    Optional<List<Path>> writablePaths();
}

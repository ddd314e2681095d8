package dev.pave.provision.command;

import dev.pave.provision.BundleFiles;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Proton's CodeBuild provisioning, run by Pave itself: the manifest's provision (or deprovision) commands run
 * one by one with {@code bash -c} in a fresh work directory holding the rendered bundle and
 * {@code proton-inputs.json}, in a clean environment, within a time limit.
 */
@ApplicationScoped
public class CommandProvisioner implements Provisioner {

    private final Path workDir;
    private final Duration timeout;
    private final List<String> passEnv;

    @Inject
    CommandProvisioner(CommandsConfig config) {
        this(config.workDir(), config.timeout(), config.passEnv().orElse(List.of()));
    }

    /**
     * @param workDir where each attempt gets {@code <deploymentId>/<attempt>}
     * @param timeout limit for all of a deployment's commands together
     * @param passEnv names of Pave's environment variables the commands may see
     */
    public CommandProvisioner(Path workDir, Duration timeout, List<String> passEnv) {
        this.workDir = workDir;
        this.timeout = timeout;
        this.passEnv = List.copyOf(passEnv);
    }

    @Override
    public ProvisioningMethod method() {
        return ProvisioningMethod.COMMANDS;
    }

    @Override
    public ProvisionOutcome run(ProvisionContext context) {
        Optional<RunningCommand> leftover = RunningCommand.from(context.checkpoint());
        if (leftover.isPresent()) {
            return leftover.get().stopLeftover(context); // never run the commands twice
        }
        Path attemptDir = BundleFiles.resolve(workDir, context.request().deploymentId()).resolve(String.valueOf(context.attempt()));
        return new CommandRun(context, attemptDir, timeout, passEnv).run();
    }
}

package dev.pave.provision.command;

import dev.pave.aws.AssumedRoles;
import dev.pave.host.ProcessEnvironment;
import dev.pave.host.SystemAccount;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.Provisioner;
import dev.pave.provision.ProvisioningMethod;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Proton's CodeBuild provisioning, run by Pave itself: the manifest's provision (or deprovision) commands run one by
 * one with {@code bash -c} in a fresh work directory holding the rendered bundle and {@code proton-inputs.json}, in
 * a sandbox, in a clean environment, within a time limit, under a supervisor that outlives Pave.
 */
@ApplicationScoped
public class CommandProvisioner implements Provisioner {

    private static final Logger LOG = Logger.getLogger(CommandProvisioner.class);
    static final String RUNNER = "pave-runner";

    /**
     * Everything a run needs to know.
     *
     * @param runs where each run gets its directory
     * @param timeout limit for all of a deployment's commands together
     * @param passEnv names of Pave's environment variables the commands may see
     * @param environment Pave's environment as it was at start, where those names are looked up
     * @param sandbox how commands are isolated, and as whom they run
     * @param supervisorScript the supervisor's bash source
     * @param accountCredentials a role in another account (an environment account connection's CodeBuild role) to
     *     the {@code AWS_*} variables of its temporary credentials, which the commands get instead of any of Pave's
     */
    record Settings(Path runs, Duration timeout, List<String> passEnv, Map<String, String> environment, Sandbox sandbox, String supervisorScript,
            Function<String, Map<String, String>> accountCredentials) {
    }

    private final Settings settings;

    @Inject
    CommandProvisioner(CommandsConfig config, AssumedRoles otherAccounts) {
        this(config.workDir(), config.timeout(), config.passEnv().orElse(List.of()), ProcessEnvironment.atStart(),
                new Sandbox(config.sandbox(), SystemAccount.forWork(RUNNER), config.readOnlyPaths().orElse(List.of()),
                        config.writablePaths().orElse(List.of())), otherAccounts::environment);
    }

    CommandProvisioner(Path runs, Duration timeout, List<String> passEnv, Map<String, String> environment, Sandbox sandbox) {
        this(runs, timeout, passEnv, environment, sandbox, role -> {
            throw new IllegalStateException("no other accounts here");
        });
    }

    private CommandProvisioner(Path runs, Duration timeout, List<String> passEnv, Map<String, String> environment, Sandbox sandbox,
            Function<String, Map<String, String>> accountCredentials) {
        this.settings = new Settings(runs, timeout, List.copyOf(passEnv), Map.copyOf(environment), sandbox, supervisorScript(), accountCredentials);
    }

    /** Says on every start that commands run unsandboxed, if they do. */
    void warnWhenUnsandboxed(@Observes StartupEvent start) {
        unsandboxedWarning().ifPresent(LOG::warn);
    }

    /** The warning for the admin settings page and the log when commands run without a sandbox. */
    public Optional<String> unsandboxedWarning() {
        return settings.sandbox().mode() == Sandbox.Mode.OFF
                ? Optional.of("pave.commands.sandbox=off: template commands run unsandboxed as " + settings.sandbox().runner().name()
                        + " and can read whatever that account can; install bubblewrap and remove the setting")
                : Optional.empty();
    }

    @Override
    public ProvisioningMethod method() {
        return ProvisioningMethod.COMMANDS;
    }

    @Override
    public ProvisionOutcome run(ProvisionContext context) {
        return new CommandRun(context, settings).run();
    }

    /**
     * Runs the manifest's drift commands against what {@code deployed} (a deployment's request) left: in the same
     * sandbox, work directory, environment and time limit as its provision commands.
     */
    public CommandDrift checkDrift(ProvisionRequest deployed) {
        DriftRunContext context = new DriftRunContext(deployed);
        CommandRun run = new CommandRun(context, settings, deployed.driftCommands());
        ProvisionOutcome outcome = run.run();
        if (outcome instanceof ProvisionOutcome.Succeeded) {
            return new CommandDrift(CommandDrift.Verdict.IN_SYNC, null, context.output());
        }
        if (run.failedStatus().orElse(-1) == 2) {
            return new CommandDrift(CommandDrift.Verdict.DRIFTED, null, context.output());
        }
        String message = outcome instanceof ProvisionOutcome.Failed f ? f.message() : outcome.toString();
        return new CommandDrift(CommandDrift.Verdict.COULD_NOT_TELL, message.lines().findFirst().orElse(message), context.output());
    }

    private static String supervisorScript() {
        try (InputStream in = CommandProvisioner.class.getResourceAsStream("supervisor.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("supervisor.sh is missing from Pave's jar", e);
        }
    }
}

package dev.pave.provision.command;

import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** One attempt: lays out the work directory, runs the commands in order, reads their outputs. */
final class CommandRun {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration TICK = Duration.ofMillis(100);

    private final ProvisionContext context;
    private final ProvisionRequest request;
    private final Path directory;
    private final Duration timeout;
    private final List<String> passEnv;
    private final OutputLog output;

    CommandRun(ProvisionContext context, Path directory, Duration timeout, List<String> passEnv) {
        this.context = context;
        this.request = context.request();
        this.directory = directory;
        this.timeout = timeout;
        this.passEnv = passEnv;
        this.output = new OutputLog(context);
    }

    ProvisionOutcome run() {
        boolean delete = request.action() == ProvisionRequest.Action.DELETE;
        List<String> commands = Objects.requireNonNullElse(delete ? request.deprovisionCommands() : request.provisionCommands(), List.of());
        WorkDirectory work = WorkDirectory.at(directory);
        try {
            work.prepare(request.files(), request.protonInputs());
            Instant deadline = Instant.now().plus(timeout);
            for (int i = 0; i < commands.size(); i++) {
                if (context.cancelRequested()) {
                    return new Cancelled("Cancelled before command " + (i + 1));
                }
                ProvisionOutcome stopped = runCommand(work, i, commands.get(i), deadline);
                if (stopped != null) {
                    return stopped;
                }
            }
            Map<String, String> outputs = work.outputs();
            context.log("Commands finished" + (outputs.isEmpty() ? "" : " with outputs " + String.join(", ", outputs.keySet())));
            return new Succeeded(outputs, List.of());
        } catch (IllegalArgumentException e) {
            return new Failed(e.getMessage());
        } catch (IOException e) {
            return new Failed("Could not run the commands in " + directory + ": " + e);
        } finally {
            deleteQuietly(work);
        }
    }

    /** Runs one command to its end; returns null when it succeeded, else how the deployment ends. */
    private ProvisionOutcome runCommand(WorkDirectory work, int index, String command, Instant deadline) throws IOException {
        String label = "command " + (index + 1) + " `" + command + "`";
        context.log("Running " + label);
        output.nextCommand();
        ProcessGroup group = ProcessGroup.start(command, work.path(), environment(work.path()));
        OutputPump pump = new OutputPump(group.process().getInputStream(), "pave-command-" + group.pid());
        Ending ending;
        try {
            context.saveCheckpoint(RunningCommand.of(group, work, index).toJson());
            ending = awaitEnd(group, pump, deadline);
        } finally {
            group.stop(); // the command with all it started, or the background jobs it left behind
            finish(pump);
        }
        return switch (ending) {
            case CANCELLED -> new Cancelled("Cancelled while running " + label);
            case TIMED_OUT -> new Failed("Timed out after " + timeout.toString().substring(2).toLowerCase() + " while running " + label + tail());
            case EXITED -> {
                int status = group.process().exitValue();
                yield status == 0 ? null : new Failed("Command " + (index + 1) + " `" + command + "` exited with status " + status + tail());
            }
        };
    }

    private enum Ending {
        EXITED,
        CANCELLED,
        TIMED_OUT
    }

    /** Logs the command's output while waiting for it to exit, for a cancel, or for the deadline. */
    private Ending awaitEnd(ProcessGroup group, OutputPump pump, Instant deadline) {
        while (true) {
            boolean exited;
            try {
                exited = group.process().waitFor(TICK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running a command", e);
            }
            pump.drain().forEach(output::add);
            if (exited) {
                return Ending.EXITED;
            }
            if (context.cancelRequested()) {
                return Ending.CANCELLED;
            }
            if (Instant.now().isAfter(deadline)) {
                return Ending.TIMED_OUT;
            }
        }
    }

    /** Logs the rest of the output; the pipe closes once every process holding it is gone. */
    private void finish(OutputPump pump) {
        Instant until = Instant.now().plusSeconds(2);
        while (!pump.done() && Instant.now().isBefore(until)) {
            pump.drain().forEach(output::add);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pump.drain().forEach(output::add);
    }

    private String tail() {
        String tail = output.tail();
        return tail.isEmpty() ? "" : "\n" + tail;
    }

    /** A clean environment: nothing of Pave's own (credentials, database passwords) unless passed on purpose. */
    private Map<String, String> environment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        for (String name : passEnv) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("RESOURCE_ARN", Objects.toString(request.targetArn(), ""));
        env.put("STACK_NAME", Objects.toString(request.stackName(), ""));
        env.put("PROTON_DEPLOYMENT_ID", request.deploymentId());
        return env;
    }

    private void deleteQuietly(WorkDirectory work) {
        try {
            work.delete();
        } catch (IOException e) {
            context.log("Could not remove the work directory " + work.path() + ": " + e.getMessage());
        }
    }
}

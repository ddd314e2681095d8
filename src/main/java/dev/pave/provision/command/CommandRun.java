package dev.pave.provision.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionContext;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionRequest;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One attempt of a deployment's commands. A fresh attempt lays out a run directory and starts the supervisor, which
 * runs the commands in the sandbox and outlives Pave; the attempt then follows the supervisor's files into the
 * deployment log. An attempt after a crash or a lost lease re-attaches to the supervisor it finds; only when the
 * supervisor is gone are the commands started again, once, from the beginning.
 */
final class CommandRun {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration TICK = Duration.ofMillis(200);
    /** How often the log's progress is saved, bounding what a resumed attempt logs a second time. */
    private static final Duration SAVE_PROGRESS = Duration.ofSeconds(5);

    private final ProvisionContext context;
    private final ProvisionRequest request;
    private final CommandProvisioner.Settings settings;
    private final List<String> commands;
    private final OutputLog output;
    /** What the supervisor wrote last, once the commands are done. */
    private String result;

    /** A deployment's run: the provision commands, or the deprovision ones for a delete. */
    CommandRun(ProvisionContext context, CommandProvisioner.Settings settings) {
        this(context, settings, context.request().action() == ProvisionRequest.Action.DELETE ? context.request().deprovisionCommands()
                : context.request().provisionCommands());
    }

    CommandRun(ProvisionContext context, CommandProvisioner.Settings settings, List<String> commands) {
        this.context = context;
        this.request = context.request();
        this.settings = settings;
        this.commands = Objects.requireNonNullElse(commands, List.of());
        this.output = new OutputLog(context);
    }

    /** The exit status of the command that failed the run, if one did (a drift command's 2 means drifted). */
    OptionalInt failedStatus() {
        String[] parts = result == null ? new String[0] : result.split(" ");
        return parts.length == 3 && parts[0].equals("failed") ? OptionalInt.of(Integer.parseInt(parts[2])) : OptionalInt.empty();
    }

    ProvisionOutcome run() {
        ObjectNode saved = context.checkpoint();
        try {
            Optional<RunCheckpoint> earlier = RunCheckpoint.from(saved);
            if (earlier.isPresent()) {
                return resume(earlier.get());
            }
            if (RunCheckpoint.RUNNING.equals(saved.path("phase").asText())) {
                // saved by a Pave from before supervisors: its commands died with it
                return new Failed("Pave was restarted while the commands were running; " + retry());
            }
            if (context.cancelRequested()) {
                return new Cancelled("Cancelled before command 1");
            }
            return start(1);
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            // Pave is shutting down: this attempt is not the deployment's end, the next one starts or re-attaches
            throw new IllegalStateException("Interrupted; the next attempt starts the commands or re-attaches to them", e);
        } catch (IOException e) {
            return new Failed("Could not run the commands in " + settings.runs() + ": " + e.getMessage());
        }
    }

    /** Lays out a fresh run directory and starts the supervisor on it. */
    private ProvisionOutcome start(int starts) throws IOException {
        Map<String, String> accountCredentials = Map.of();
        if (request.accountRoleArn() != null) {
            try {
                accountCredentials = settings.accountCredentials().apply(request.accountRoleArn());
            } catch (SdkException e) {
                return new Failed("Could not assume " + request.accountRoleArn() + " in its account: " + e.getMessage());
            }
        }
        RunDirectory run;
        try {
            run = RunDirectory.create(settings.runs(), settings.sandbox().runner(), request.files(), request.protonInputs(), commands,
                    settings.supervisorScript());
        } catch (IllegalArgumentException e) {
            return new Failed(e.getMessage());
        }
        try {
            Optional<String> problem = settings.sandbox().problem(run.work());
            if (problem.isPresent()) {
                run.delete();
                return new Failed(problem.get());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new ClosedByInterruptException(); // before the supervisor starts: nothing has run
            }
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            run.delete();
            throw e;
        }
        long deadline = Instant.now().plus(settings.timeout()).toEpochMilli();
        List<String> argv = new ArrayList<>();
        ProcessGroup.SETSID.ifPresent(argv::add); // its own session: it outlives Pave, and its group can be stopped as one
        argv.addAll(List.of("bash", run.supervisor().toString(), run.path().toString(), String.valueOf((deadline + 999) / 1000),
                String.valueOf(commands.size())));
        argv.addAll(settings.sandbox().prefix(run.work()));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(run.path().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.path().resolve("supervisor.log").toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(run.work(), accountCredentials));
        Instant startedAt = Instant.now();
        Process supervisor = builder.start();
        RunCheckpoint checkpoint = new RunCheckpoint(RunCheckpoint.RUNNING, run.path().toString(), RunCheckpoint.thisHost(), supervisor.pid(),
                ProcessGroup.startedAt(supervisor.toHandle()).orElse(0L), starts, deadline, 0, 0);
        // Once the supervisor runs, its checkpoint must be saved, or the next attempt would run the commands a second
        // time: an interrupt waits until it is, and if saving fails the commands are stopped before they do much.
        boolean interrupted = Thread.interrupted();
        try {
            context.saveCheckpoint(checkpoint.toJson());
        } catch (RuntimeException e) {
            ProcessGroup.stop(supervisor.toHandle(), ProcessGroup.SETSID.isPresent());
            run.delete();
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return follow(run, checkpoint, startedAt);
    }

    /** A later attempt: re-attach to the supervisor an earlier one started, or start again if it is gone. */
    private ProvisionOutcome resume(RunCheckpoint earlier) throws IOException {
        Optional<RunDirectory> run = RunDirectory.existing(Path.of(earlier.runDir()));
        if (run.isEmpty()) {
            if (!earlier.onThisHost()) {
                return new Failed("The commands were started by Pave on " + earlier.host() + " and their run directory "
                        + earlier.runDir() + " cannot be seen from " + RunCheckpoint.thisHost() + "; " + retry());
            }
            return lost(earlier, "its run directory " + earlier.runDir() + " is gone");
        }
        if (run.get().result().isPresent()) {
            context.log("The commands finished while Pave was away; reading what they left");
        } else if (run.get().supervisorAlive(Instant.now().minus(RunDirectory.HEARTBEAT_LOST))) {
            context.log("Re-attached to the commands' supervisor (pid " + earlier.pid() + " on " + earlier.host() + "); they kept running while Pave was away"
                    + (earlier.logged() > 0 ? ", so output since the last saved point may appear twice" : ""));
        } else {
            return lost(earlier, "it stopped without finishing (last sign of life "
                    + run.get().lastHeartbeat().map(Object::toString).orElse("never") + ")");
        }
        return follow(run.get(), earlier, Instant.now().minus(RunDirectory.HEARTBEAT_LOST));
    }

    /**
     * Follows the supervisor's events and output into the deployment log until it writes its result, a cancel is
     * requested, or it dies. Interrupted (Pave shutting down) or having lost its lease, it leaves the supervisor
     * running for the next attempt.
     */
    private ProvisionOutcome follow(RunDirectory run, RunCheckpoint checkpoint, Instant startedAt) throws IOException {
        OutputTail tail = new OutputTail(run, checkpoint.logged());
        int seen = checkpoint.events();
        int current = -1;
        Instant saved = Instant.now();
        while (true) {
            Optional<String> result = run.result(); // read before the events: every event precedes the result
            List<String> events = run.events();
            for (; seen < events.size(); seen++) {
                String[] event = events.get(seen).split(" ");
                tail.read(Long.parseLong(event[event.length - 1])).forEach(output::add);
                if (event[0].equals("start")) {
                    current = Integer.parseInt(event[1]);
                    context.log("Running " + label(current));
                    output.nextCommand();
                    checkpoint = checkpoint.progress(seen + 1, tail.logged());
                    context.saveCheckpoint(checkpoint.toJson());
                    saved = Instant.now();
                }
            }
            if (result.isPresent()) {
                tail.rest().forEach(output::add);
                return finish(run, checkpoint, result.get());
            }
            tail.read(Long.MAX_VALUE).forEach(output::add);
            if (context.cancelRequested()) {
                stop(checkpoint);
                tail.rest().forEach(output::add);
                delete(run);
                return new Cancelled(current < 0 ? "Cancelled before command 1" : "Cancelled while running " + label(current));
            }
            if (!run.supervisorAlive(startedAt) && run.result().isEmpty()) {
                return lost(checkpoint, "it stopped without finishing");
            }
            if (Duration.between(saved, Instant.now()).compareTo(SAVE_PROGRESS) > 0 && tail.logged() > checkpoint.logged()) {
                checkpoint = checkpoint.progress(seen, tail.logged());
                context.saveCheckpoint(checkpoint.toJson());
                saved = Instant.now();
            }
            sleep();
        }
    }

    private ProvisionOutcome finish(RunDirectory run, RunCheckpoint checkpoint, String result) throws IOException {
        stop(checkpoint); // what an unsandboxed command left behind in the supervisor's group
        this.result = result;
        String[] parts = result.split(" ");
        try {
            return switch (parts[0]) {
                case "ok" -> {
                    Map<String, String> outputs = run.outputs();
                    context.log("Commands finished" + (outputs.isEmpty() ? "" : " with outputs " + String.join(", ", outputs.keySet())));
                    yield new Succeeded(outputs, List.of());
                }
                case "timeout" -> new Failed("Timed out after " + settings.timeout().toString().substring(2).toLowerCase()
                        + " while running " + label(Integer.parseInt(parts[1])) + tail());
                case "failed" -> new Failed("Command " + (Integer.parseInt(parts[1]) + 1) + " `" + commands.get(Integer.parseInt(parts[1]))
                        + "` exited with status " + parts[2] + tail());
                default -> new Failed("The commands' supervisor reported " + result);
            };
        } catch (IllegalArgumentException e) {
            return new Failed(e.getMessage());
        } finally {
            delete(run);
        }
    }

    /** The supervisor died without a result: start the commands again, once; a second loss fails the deployment. */
    private ProvisionOutcome lost(RunCheckpoint checkpoint, String why) throws IOException {
        stop(checkpoint); // whatever of its group is left must not run beside a second start
        RunDirectory.existing(Path.of(checkpoint.runDir())).ifPresent(this::delete);
        if (checkpoint.starts() >= 2) {
            return new Failed("The commands' supervisor was lost twice (" + why + "); " + retry());
        }
        context.log("The commands' supervisor was lost (" + why + "); running the commands again from the beginning, as CodeBuild would");
        return start(2);
    }

    /** Stops the supervisor's whole group, if it is still the process this run started and it runs here. */
    private void stop(RunCheckpoint checkpoint) {
        if (!checkpoint.onThisHost()) {
            context.log("The supervisor runs on " + checkpoint.host() + "; it cannot be stopped from " + RunCheckpoint.thisHost());
            return;
        }
        Optional<ProcessHandle> leader = ProcessHandle.of(checkpoint.pid())
                .filter(h -> ProcessGroup.startedAt(h).orElse(-1L) == checkpoint.startedAt());
        if (leader.isPresent()) {
            ProcessGroup.stop(leader.get(), ProcessGroup.SETSID.isPresent());
        } else {
            ProcessGroup.stopGroup(checkpoint.pid()); // the leader is gone, the members it started may not be
        }
    }

    private String label(int index) {
        return "command " + (index + 1) + " `" + commands.get(index) + "`";
    }

    private String retry() {
        return request.action() == ProvisionRequest.Action.DELETE ? "delete again to retry" : "deploy again to retry";
    }

    private String tail() {
        String tail = output.tail();
        return tail.isEmpty() ? "" : "\n" + tail;
    }

    /**
     * A clean environment: nothing of Pave's own (credentials, database passwords) unless passed on purpose; in
     * another account, that account's credentials in place of any passed.
     */
    private Map<String, String> environment(Path home, Map<String, String> accountCredentials) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        for (String name : settings.passEnv()) {
            String value = settings.environment().get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        if (!accountCredentials.isEmpty()) {
            env.remove("AWS_PROFILE");
            env.putAll(accountCredentials);
        }
        env.put("RESOURCE_ARN", Objects.toString(request.targetArn(), ""));
        env.put("STACK_NAME", Objects.toString(request.stackName(), ""));
        env.put("PROTON_DEPLOYMENT_ID", request.deploymentId());
        return env;
    }

    private void delete(RunDirectory run) {
        try {
            run.delete();
        } catch (IOException e) {
            context.log("Could not remove the run directory " + run.path() + ": " + e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(TICK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Pave is shutting down: the supervisor keeps the commands running and the next attempt re-attaches
            throw new IllegalStateException("Interrupted while following the commands; they keep running under their supervisor", e);
        }
    }
}

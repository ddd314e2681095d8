package dev.pave.provision.command;

import static dev.pave.provision.ProvisionRequest.Action.DELETE;
import static dev.pave.provision.ProvisionRequest.Action.DEPLOY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.provision.ProvisionOutcome;
import dev.pave.provision.ProvisionOutcome.Cancelled;
import dev.pave.provision.ProvisionOutcome.Failed;
import dev.pave.provision.ProvisionOutcome.Succeeded;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.RecordingContext;
import dev.pave.provision.Requests;
import dev.pave.host.SystemAccount;
import dev.pave.testing.Tools;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CommandProvisioner running real bash commands. */
class CommandProvisionerTest {

    private static final JsonNode INPUTS = Requests.json("{\"environment\": {\"name\": \"dev\", \"inputs\": {\"size\": \"small\"}}}");

    @TempDir
    Path runs;

    /** Where commands may write what the tests check (bound writable into the sandbox). */
    @TempDir
    Path scratch;

    /** Stands for what commands must not see: Pave's home, its database socket. */
    @TempDir
    Path hidden;

    private final String marker = "pave-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void needsBash() {
        Tools.require("bash", "install bash");
        Tools.require("setsid", "install util-linux (setsid), which lets Pave stop a command with everything it started");
        Tools.require("bwrap", "install bubblewrap (Debian package bubblewrap), the sandbox commands run in");
    }

    @BeforeEach
    void scratchIsWritableByTheRunner() throws IOException {
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @Test
    void runsCommandsInOrderInAFreshDirectoryWithTheBundleAndInputs() {
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of("manifest.yaml", "infrastructure: {}", "iac/main.txt", "hello"),
                List.of("echo one", "cat iac/main.txt", "cat proton-inputs.json",
                        "echo \"$RESOURCE_ARN|$STACK_NAME|$PROTON_DEPLOYMENT_ID\"", "test \"$PWD\" = \"$HOME\" && echo home-is-workdir"),
                List.of("echo never"), INPUTS);
        RecordingContext context = new RecordingContext(request);

        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());

        List<String> log = context.logLines();
        assertTrue(log.indexOf("one") < log.indexOf("hello"), context.logText());
        assertTrue(context.logText().contains("small"), "proton-inputs.json is in the work directory: " + context.logText());
        assertTrue(log.contains(request.targetArn() + "|" + request.stackName() + "|" + request.deploymentId()), context.logText());
        assertTrue(log.contains("home-is-workdir"), context.logText());
        assertFalse(log.contains("never"));
        assertEquals(Map.of(), done.outputs());
        assertEquals(List.of(), done.resources());
        assertEquals(List.of(), listing(runs), "the run directory is removed afterwards");
    }

    @Test
    void driftCommandsSayInSyncDriftedOrCouldNotTellByTheirExitStatus() {
        Map<String, String> bundle = Map.of("main.tf", "resource \"null_resource\" \"x\" {}");
        CommandDrift inSync = provisioner().checkDrift(Requests.commands(DEPLOY, bundle, List.of("echo never"), List.of(),
                List.of("test -f main.tf", "echo 'No changes.'"), INPUTS));
        assertEquals(CommandDrift.Verdict.IN_SYNC, inSync.verdict(), inSync.output());
        assertTrue(inSync.output().contains("No changes."), inSync.output());
        assertFalse(inSync.output().contains("never"), "the provision commands do not run: " + inSync.output());

        CommandDrift drifted = provisioner().checkDrift(Requests.commands(DEPLOY, bundle, List.of(), List.of(),
                List.of("grep -q small proton-inputs.json", "echo '~ aws_vpc.main tags changed'; echo 'Plan: 0 to add, 1 to change' >&2; exit 2",
                        "echo not-reached"), INPUTS));
        assertEquals(CommandDrift.Verdict.DRIFTED, drifted.verdict(), drifted.output());
        assertTrue(drifted.output().contains("~ aws_vpc.main tags changed") && drifted.output().contains("Plan: 0 to add, 1 to change"),
                "stdout and stderr are the evidence: " + drifted.output());
        assertFalse(drifted.output().contains("not-reached"));

        CommandDrift garbled = provisioner().checkDrift(Requests.commands(DEPLOY, bundle, List.of(), List.of(),
                List.of("printf 'nul\\000here \\033[31mred\\033[0m bell\\007\\n'; exit 2"), INPUTS));
        assertTrue(garbled.output().contains("nulhere red bell"), "control characters and colour codes are dropped: " + garbled.output());

        CommandDrift broken = provisioner().checkDrift(Requests.commands(DEPLOY, bundle, List.of(), List.of(),
                List.of("echo 'Error: no credentials' >&2; exit 1"), INPUTS));
        assertEquals(CommandDrift.Verdict.COULD_NOT_TELL, broken.verdict());
        assertEquals("Command 1 `echo 'Error: no credentials' >&2; exit 1` exited with status 1", broken.message());
        assertEquals(List.of(), listing(runs), "every run directory is removed afterwards");
    }

    @Test
    void driftCommandsRunInTheSandboxAwayFromPavesFiles() throws IOException {
        Path secret = Files.writeString(hidden.resolve("pave-keys"), "secret");
        CommandDrift check = provisioner().checkDrift(Requests.commands(DEPLOY, Map.of(), List.of(), List.of(),
                List.of("cat " + secret + " || echo unreadable"), INPUTS));
        assertEquals(CommandDrift.Verdict.IN_SYNC, check.verdict(), check.output());
        assertTrue(check.output().contains("unreadable") && !check.output().contains("secret"), check.output());
    }

    @Test
    void deleteRunsTheDeprovisionCommands() {
        RecordingContext context = new RecordingContext(Requests.commands(DELETE, Map.of(), List.of("echo provision"), List.of("echo deprovision"), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner().run(context));

        assertTrue(context.logLines().contains("deprovision"));
        assertFalse(context.logLines().contains("provision"));
    }

    @Test
    void firstFailingCommandStopsTheRunAndEndsTheMessage() throws IOException {
        Path marks = scratch.resolve("marks");
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(),
                List.of("echo first >> " + marks, "echo boom >&2; exit 3", "echo third >> " + marks), List.of(), INPUTS));

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(context));

        assertEquals("Command 2 `echo boom >&2; exit 3` exited with status 3\nboom", failed.message());
        assertEquals(List.of("first"), Files.readAllLines(marks));
    }

    @Test
    void eachOutputLineIsLabelledWithItsStreamAndTheLastLineIsKept() {
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(),
                List.of("echo to-stdout; echo to-stderr >&2; sleep 0.2; echo again-stdout", "printf 'no newline' >&2"), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());

        assertEquals(List.of("to-stderr", "no newline"), context.stderrLines());
        List<String> log = context.logLines();
        assertTrue(log.contains("to-stdout") && log.contains("again-stdout"), context.logText());
        assertEquals(1, log.stream().filter("to-stderr"::equals).count(), "each line once: " + context.logText());
        assertTrue(log.indexOf("to-stderr") < log.indexOf("again-stdout"), "in the order printed: " + context.logText());
        assertTrue(log.stream().noneMatch(l -> l.indexOf('\u001e') >= 0), "no stream mark reaches the log: " + context.logText());
    }

    @Test
    void commandsSeeOnlyTheirOwnVariablesAndThoseAllowedThrough() {
        Set<String> own = Set.of("PATH", "HOME", "LANG", "RESOURCE_ARN", "STACK_NAME", "PROTON_DEPLOYMENT_ID", "PWD", "SHLVL");
        String allowed = System.getenv().keySet().stream().filter(n -> n.matches("[A-Z][A-Z0-9_]*") && !own.contains(n)).findFirst().orElse(null);
        Assumptions.assumeTrue(allowed != null, "the test JVM has no environment variable to pass through");
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("compgen -e", "echo \"PATH=$PATH\""), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner(Duration.ofSeconds(20), List.of(allowed, "PAVE_NOT_SET")).run(context));

        Set<String> seen = new TreeSet<>(context.logLines().stream().filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*")).toList());
        Set<String> expected = new TreeSet<>(own);
        expected.add(allowed);
        assertEquals(expected, seen, "exported variable names; everything else in the JVM's environment (" + System.getenv().size() + " variables) stays out");
        assertTrue(context.logLines().contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    }

    @Test
    void timeLimitStopsTheWholeProcessTree() throws Exception {
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of(treeOfSleeps()), List.of(), INPUTS));
        Instant start = Instant.now();

        Failed failed = assertInstanceOf(Failed.class, provisioner(Duration.ofSeconds(2), List.of()).run(context), context.logText());

        assertTrue(failed.message().startsWith("Timed out after 2s while running command 1"), failed.message());
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10);
        assertAllGone();
    }

    @Test
    void cancelStopsTheWholeProcessTree() throws Exception {
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of(treeOfSleeps(), "echo never"), List.of(), INPUTS));
        context.cancelWhenLogged("ready"::equals);

        Cancelled cancelled = assertInstanceOf(Cancelled.class, provisioner().run(context), context.logText());

        assertTrue(cancelled.message().startsWith("Cancelled while running command 1"), cancelled.message());
        assertFalse(context.logLines().contains("never"));
        assertAllGone();
    }

    @Test
    void outputsAsAnObjectBecomeStrings() {
        Succeeded done = outputsFrom("{\"VpcId\": \"vpc-1\", \"Count\": 3, \"Public\": true, \"Nothing\": null}");

        assertEquals(Map.of("VpcId", "vpc-1", "Count", "3", "Public", "true"), done.outputs());
    }

    @Test
    void outputsInProtonsListForm() {
        Succeeded done = outputsFrom("[{\"key\": \"VpcId\", \"valueString\": \"vpc-1\"}, {\"key\": \"SubnetIds\", \"valueString\": \"a,b\"}]");

        assertEquals(Map.of("VpcId", "vpc-1", "SubnetIds", "a,b"), done.outputs());
    }

    @Test
    void unreadableOutputsFail() {
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("echo '\"just a string\"' > proton-outputs.json"), List.of(), INPUTS));

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(context));

        assertTrue(failed.message().startsWith("proton-outputs.json must hold an object"), failed.message());
    }

    @Test
    void bundleFilesThatEscapeTheWorkDirectoryAreRefused() {
        String escape = "../../" + scratch.getFileName() + "/escaped.txt";
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(escape, "x"), List.of("echo ran"), List.of(), INPUTS));

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(context));

        assertTrue(failed.message().startsWith("Refusing bundle file '" + escape + "'"), failed.message());
        assertFalse(Files.exists(runs.resolve(scratch.getFileName()).resolve("escaped.txt")));
        assertFalse(context.logLines().contains("ran"));
    }

    @Test
    void longOutputIsBoundedInTheLog() {
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(),
                List.of("head -c 10000 /dev/zero | tr '\\0' a; echo; seq 1 10050"), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner().run(context));

        List<String> log = context.logLines();
        String longLine = log.stream().filter(l -> l.startsWith("aaa")).findFirst().orElseThrow();
        assertEquals(OutputTail.MAX_LINE + " […line truncated]".length(), longLine.length());
        assertEquals(1, log.stream().filter(l -> l.startsWith("Output truncated")).count());
        assertFalse(log.contains("10050"));
        assertTrue(log.size() < OutputLog.MAX_LINES + 10, "log lines: " + log.size());
    }

    @Test
    void commandsCannotSeePavesSecretsProcessesOrOtherRuns() throws Exception {
        Path home = Files.createDirectories(hidden.resolve("pave-home"));
        Files.writeString(home.resolve("secret.key"), "top-secret-key");
        Path socketDir = Files.createDirectories(home.resolve("postgres-run"));
        try (ServerSocketChannel database = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            database.bind(UnixDomainSocketAddress.of(socketDir.resolve(".s.PGSQL.5432")));
            Path otherRun = Files.createDirectories(runs.resolve("0123456789abcdef/work"));
            Files.writeString(otherRun.resolve("proton-inputs.json"), "{\"other\": \"run\"}");
            String probe = String.join("; ",
                    "key=$(cat " + home.resolve("secret.key") + " 2>/dev/null || echo none)",
                    "environ=$(cat /proc/" + ProcessHandle.current().pid() + "/environ 2>/dev/null | tr '\\0' ' ' | head -c 80 || true)",
                    "environs=$(cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^PAVE_\\|^JAVA_HOME\\|^USER=' || true)",
                    "processes=$(ls -d /proc/[0-9]* | wc -l)",
                    "socket=$(test -e " + socketDir.resolve(".s.PGSQL.5432") + " && echo visible || echo none)",
                    "other=$(cat " + otherRun.resolve("proton-inputs.json") + " 2>/dev/null || echo none)",
                    "runs=$(ls " + runs + " 2>/dev/null | wc -l)",
                    "printf '{\"key\": \"%s\", \"environ\": \"%s\", \"environs\": \"%s\", \"processes\": \"%s\", \"socket\": \"%s\", \"other\": \"%s\", \"runs\": \"%s\"}' "
                            + "\"$key\" \"$environ\" \"$environs\" \"$processes\" \"$socket\" \"$other\" \"$runs\" > proton-outputs.json");
            RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of(probe), List.of(), INPUTS));

            Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());

            assertEquals("none", done.outputs().get("key"), "Pave's home is not in the sandbox");
            assertEquals("", done.outputs().get("environ"), "Pave's process is not in the sandbox's /proc");
            assertEquals("0", done.outputs().get("environs"), "no process in the sandbox has Pave's variables");
            assertTrue(Integer.parseInt(done.outputs().get("processes")) <= 6, "only the sandbox's own processes: " + done.outputs());
            assertEquals("none", done.outputs().get("socket"), "the database socket is not in the sandbox");
            assertEquals("none", done.outputs().get("other"), "another run's directory is not in the sandbox");
            assertEquals("1", done.outputs().get("runs"), "of the runs folder, the sandbox shows only its own run's mount point");
        }
    }

    @Test
    void asRootCommandsRunAsTheUnprivilegedRunnerInAPrivateWorkDirectory() {
        Assumptions.assumeTrue(SystemAccount.runningAsRoot(), "Pave keeps its own account when it does not run as root");
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of(
                "id -un", "stat -c '%U %a' .", "stat -c 'parent %a' ..", "touch /etc/pave-was-here 2>/dev/null || echo read-only-etc", "touch /tmp/a /var/tmp/b ./c && echo scratch-writable"), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());

        List<String> log = context.logLines();
        assertTrue(log.contains(CommandProvisioner.RUNNER), context.logText());
        assertTrue(log.contains(CommandProvisioner.RUNNER + " 700"), "the work directory is the runner's, 0700: " + context.logText());
        assertTrue(log.contains("read-only-etc"), context.logText());
        assertTrue(log.contains("scratch-writable"), context.logText());
        assertFalse(Files.exists(Path.of("/etc/pave-was-here")));
    }

    @Test
    void withoutBubblewrapCommandDeploymentsFailNamingThePackage() {
        Sandbox missing = new Sandbox(Sandbox.Mode.BWRAP, Optional.empty(), SystemAccount.forWork(CommandProvisioner.RUNNER), List.of(), List.of());
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("echo ran"), List.of(), INPUTS));

        Failed failed = assertInstanceOf(Failed.class,
                new CommandProvisioner(runs, Duration.ofSeconds(20), List.of(), Map.of(), missing).run(context));

        assertTrue(failed.message().contains("package `bubblewrap`"), failed.message());
        assertTrue(failed.message().contains("pave.commands.sandbox=off"), failed.message());
        assertFalse(context.logLines().contains("ran"));
    }

    @Test
    void sandboxOffRunsCommandsAndSaysSo() {
        Sandbox off = new Sandbox(Sandbox.Mode.OFF, SystemAccount.forWork(CommandProvisioner.RUNNER), List.of(), List.of());
        CommandProvisioner provisioner = new CommandProvisioner(runs, Duration.ofSeconds(20), List.of(), Map.of(), off);
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("echo unsandboxed"), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, provisioner.run(context), context.logText());

        assertTrue(context.logLines().contains("unsandboxed"));
        assertTrue(provisioner.unsandboxedWarning().orElseThrow().contains("pave.commands.sandbox=off"));
        assertTrue(provisioner().unsandboxedWarning().isEmpty());
    }

    @Test
    void outputsThatAreALinkAreRefused() throws IOException {
        Path secret = Files.writeString(hidden.resolve("secret"), "{\"Secret\": \"leaked\"}");
        Sandbox off = new Sandbox(Sandbox.Mode.OFF, SystemAccount.forWork(CommandProvisioner.RUNNER), List.of(), List.of());
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("ln -s " + secret + " proton-outputs.json"), List.of(), INPUTS));

        Failed failed = assertInstanceOf(Failed.class, new CommandProvisioner(runs, Duration.ofSeconds(20), List.of(), Map.of(), off).run(context));

        assertEquals("proton-outputs.json must be a regular file, not a link or a device", failed.message());
    }

    @Test
    void aResumedAttemptReattachesToTheRunningCommandsWhichRunOnce() throws Exception {
        Path count = scratch.resolve("count");
        Path go = scratch.resolve("go");
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of(), List.of(
                "echo ran >> " + count + "; echo before; while [ ! -e " + go + " ]; do sleep 0.1; done; echo after",
                "echo second; echo '{\"Done\": \"yes\"}' > proton-outputs.json"), List.of(), INPUTS);
        FrozenContext first = new FrozenContext(request);
        CompletableFuture<ProvisionOutcome> frozen = CompletableFuture.supplyAsync(() -> provisioner().run(first));
        assertTrue(first.running.await(20, TimeUnit.SECONDS), "the first attempt started its supervisor");
        waitForFile(count);

        RecordingContext second = first.resumed(); // as if Pave had died: the first attempt follows nothing any more
        CompletableFuture<ProvisionOutcome> resumed = CompletableFuture.supplyAsync(() -> provisioner().run(second));
        Files.writeString(go, "");
        Succeeded done = assertInstanceOf(Succeeded.class, resumed.get(30, TimeUnit.SECONDS), second.logText());

        assertEquals(Map.of("Done", "yes"), done.outputs());
        assertEquals(List.of("ran"), Files.readAllLines(count), "the commands ran once");
        assertTrue(second.logText().contains("Re-attached to the commands' supervisor"), second.logText());
        assertTrue(second.logLines().containsAll(List.of("after", "Running command 2 `echo second; echo '{\"Done\": \"yes\"}' > proton-outputs.json`", "second")),
                second.logText());
        first.thaw();
        frozen.get(30, TimeUnit.SECONDS);
    }

    @Test
    void commandsThatFinishedWhilePaveWasAwayAreReadOnResume() throws Exception {
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of(), List.of("sleep 0.5; echo '{\"Vpc\": \"vpc-9\"}' > proton-outputs.json"), List.of(), INPUTS);
        FrozenContext first = new FrozenContext(request);
        CompletableFuture<ProvisionOutcome> frozen = CompletableFuture.supplyAsync(() -> provisioner().run(first));
        assertTrue(first.running.await(20, TimeUnit.SECONDS));
        waitForFile(Path.of(first.checkpoint().path("runDir").asText()).resolve("result"));

        RecordingContext second = first.resumed();
        Succeeded done = assertInstanceOf(Succeeded.class, provisioner().run(second), second.logText());

        assertEquals(Map.of("Vpc", "vpc-9"), done.outputs());
        assertTrue(second.logText().contains("finished while Pave was away"), second.logText());
        first.thaw();
        frozen.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLostSupervisorRunsTheCommandsAgainOnceThenFails() throws Exception {
        Path count = scratch.resolve("count");
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of(), List.of("echo ran >> " + count + "; sleep 300"), List.of(), INPUTS);
        FrozenContext first = new FrozenContext(request);
        CompletableFuture<ProvisionOutcome> frozen = CompletableFuture.supplyAsync(() -> provisioner().run(first));
        assertTrue(first.running.await(20, TimeUnit.SECONDS));
        waitForFile(count);
        killGroup(first.checkpoint().path("pid").asLong()); // the supervisor and its commands die with Pave's machine

        FrozenContext second = new FrozenContext(request, 2, first.checkpoint(), checkpoint -> checkpoint.path("starts").asInt() == 2);
        CompletableFuture<ProvisionOutcome> again = CompletableFuture.supplyAsync(() -> provisioner().run(second));
        assertTrue(second.running.await(40, TimeUnit.SECONDS), "the second attempt started the commands again");
        waitForLines(count, 2);
        assertTrue(second.logText().contains("running the commands again from the beginning"), second.logText());
        killGroup(second.checkpoint().path("pid").asLong());

        RecordingContext third = second.resumed();
        Failed failed = assertInstanceOf(Failed.class, provisioner().run(third), third.logText());

        assertTrue(failed.message().startsWith("The commands' supervisor was lost twice"), failed.message());
        assertTrue(failed.message().endsWith("deploy again to retry"), failed.message());
        assertEquals(List.of("ran", "ran"), Files.readAllLines(count), "started twice, never a third time");
        first.thaw();
        second.thaw();
        frozen.get(30, TimeUnit.SECONDS);
        again.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCheckpointFromBeforeSupervisorsFailsInsteadOfRunningTwice() {
        ObjectNode old = Requests.json("{\"phase\": \"running\", \"pid\": 1, \"ownGroup\": true, \"startedAt\": 1, \"commandIndex\": 0}").deepCopy();
        RecordingContext resumed = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("echo again"), List.of(), INPUTS), 2, old);

        Failed failed = assertInstanceOf(Failed.class, provisioner().run(resumed));

        assertEquals("Pave was restarted while the commands were running; deploy again to retry", failed.message());
        assertFalse(resumed.logLines().contains("again"));
    }

    @Test
    void anAttemptInterruptedAsItStartsEndsWithoutAnOutcomeAndTheNextRunsTheCommandsOnce() throws Exception {
        Path count = scratch.resolve("count");
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of("iac/main.txt", "hello"), List.of("echo ran >> " + count), List.of(), INPUTS);
        RecordingContext first = new RecordingContext(request);
        CompletableFuture<Object> interrupted = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt(); // what Pave's shutdown does to its workers
            try {
                return provisioner().run(first);
            } catch (RuntimeException e) {
                return e;
            } finally {
                Thread.interrupted();
            }
        });

        // not a Failed outcome: the engine leaves the deployment to the next worker instead of ending it
        Object ended = interrupted.get(30, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, ended, String.valueOf(ended));
        assertFalse(Files.exists(count), "no command ran");
        assertEquals(List.of(), listing(runs), "the half-laid-out run directory is removed");

        RecordingContext next = first.resumed();
        assertInstanceOf(Succeeded.class, provisioner().run(next), next.logText());
        assertEquals(List.of("ran"), Files.readAllLines(count));
    }

    /** A context that freezes the provisioner once its command runs, as if Pave had hung or died. */
    private static final class FrozenContext extends RecordingContext {

        final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch thawed = new CountDownLatch(1);
        private java.util.function.Predicate<ObjectNode> freezeAt = checkpoint -> true;

        FrozenContext(ProvisionRequest request) {
            super(request);
        }

        /** A later attempt that freezes only once it saves a checkpoint matching {@code freezeAt}. */
        FrozenContext(ProvisionRequest request, int attempt, ObjectNode checkpoint, java.util.function.Predicate<ObjectNode> freezeAt) {
            super(request, attempt, checkpoint);
            this.freezeAt = freezeAt;
        }

        @Override
        public boolean cancelRequested() {
            if (running.getCount() == 0) {
                try {
                    thawed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }

        @Override
        public void saveCheckpoint(ObjectNode next) {
            super.saveCheckpoint(next);
            if (freezeAt.test(next)) {
                running.countDown();
            }
        }

        void thaw() {
            thawed.countDown();
        }
    }

    private CommandProvisioner provisioner() {
        return provisioner(Duration.ofSeconds(20), List.of());
    }

    /** The real sandbox, with the scratch folder writable so that tests can see what commands did. */
    private CommandProvisioner provisioner(Duration timeout, List<String> passEnv) {
        Sandbox sandbox = new Sandbox(Sandbox.Mode.BWRAP, SystemAccount.forWork(CommandProvisioner.RUNNER), List.of(), List.of(scratch));
        return new CommandProvisioner(runs, timeout, passEnv, System.getenv(), sandbox);
    }

    private Succeeded outputsFrom(String json) {
        Path file = scratch.resolve("outputs.json");
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("cp " + file + " proton-outputs.json"), List.of(), INPUTS));
        return assertInstanceOf(Succeeded.class, provisioner().run(context), context.logText());
    }

    /**
     * An orphan (a subshell's background sleep, left behind when the subshell exits, so no longer a descendant)
     * and a nested bash, each running under the test's marker, then "ready".
     */
    private String treeOfSleeps() {
        return "(bash -c 'sleep 300; true' " + marker + "-orphan &) & "
                + "bash -c 'sleep 300; true' " + marker + "-nested & "
                + "while ! pgrep -f " + marker + "-orphan > /dev/null || ! pgrep -f " + marker + "-nested > /dev/null; do sleep 0.05; done; "
                + "echo ready; wait";
    }

    private void assertAllGone() throws InterruptedException {
        Instant until = Instant.now().plusSeconds(5);
        while (marked().findAny().isPresent() && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), marked().map(p -> p.info().commandLine().orElse("?")).toList(), "still running");
    }

    private java.util.stream.Stream<ProcessHandle> marked() {
        return ProcessHandle.allProcesses().filter(ProcessGroup::running).filter(p -> p.info().commandLine().orElse("").contains(marker));
    }

    private static void killGroup(long pgid) throws Exception {
        new ProcessBuilder("bash", "-c", "kill -KILL -- -" + pgid).start().waitFor();
    }

    private static List<String> listing(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitForLines(Path file, int lines) throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        while ((!Files.exists(file) || Files.readAllLines(file).size() < lines) && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).filter(ProcessGroup::running).isPresent();
    }

    private static void waitForFile(Path file) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        while (!Files.exists(file) && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
    }
}

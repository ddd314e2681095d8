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
import dev.pave.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CommandProvisioner running real bash commands. */
class CommandProvisionerTest {

    private static final JsonNode INPUTS = Requests.json("{\"environment\": {\"name\": \"dev\", \"inputs\": {\"size\": \"small\"}}}");

    @TempDir
    Path runs;

    @TempDir
    Path scratch;

    @BeforeAll
    static void needsBash() {
        Tools.require("bash", "install bash");
        Tools.require("setsid", "install util-linux (setsid), which lets Pave stop a command with everything it started");
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
        assertFalse(Files.exists(runs.resolve(request.deploymentId()).resolve("1")), "the work directory is removed afterwards");
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
    void commandsSeeOnlyTheirOwnVariablesAndThoseAllowedThrough() {
        Set<String> own = Set.of("PATH", "HOME", "LANG", "RESOURCE_ARN", "STACK_NAME", "PROTON_DEPLOYMENT_ID", "PWD", "SHLVL");
        String allowed = System.getenv().keySet().stream().filter(n -> n.matches("[A-Z][A-Z0-9_]*") && !own.contains(n)).findFirst().orElse(null);
        Assumptions.assumeTrue(allowed != null, "the test JVM has no environment variable to pass through");
        RecordingContext context = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("compgen -e", "echo \"PATH=$PATH\""), List.of(), INPUTS));

        assertInstanceOf(Succeeded.class, new CommandProvisioner(runs, Duration.ofSeconds(20), List.of(allowed, "PAVE_NOT_SET")).run(context));

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

        Failed failed = assertInstanceOf(Failed.class, new CommandProvisioner(runs, Duration.ofSeconds(2), List.of()).run(context), context.logText());

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
        assertEquals(OutputPump.MAX_LINE + " […line truncated]".length(), longLine.length());
        assertEquals(1, log.stream().filter(l -> l.startsWith("Output truncated")).count());
        assertFalse(log.contains("10050"));
        assertTrue(log.size() < OutputLog.MAX_LINES + 10, "log lines: " + log.size());
    }

    @Test
    void resumedAttemptStopsTheEarlierCommandAndNeverRunsItAgain() throws Exception {
        Path count = scratch.resolve("count");
        ProvisionRequest request = Requests.commands(DEPLOY, Map.of(), List.of(
                "sleep 300 & echo $! > " + scratch.resolve("background.pid") + "; echo ran >> " + count + "; wait", "echo second"), List.of(), INPUTS);
        FrozenContext first = new FrozenContext(request);
        CompletableFuture<ProvisionOutcome> frozen = CompletableFuture.supplyAsync(() -> provisioner().run(first));
        assertTrue(first.running.await(10, TimeUnit.SECONDS), "the first attempt started its command");
        waitForFile(count);
        long pid = first.checkpoint().path("pid").asLong();

        RecordingContext second = first.resumed();
        Failed failed = assertInstanceOf(Failed.class, provisioner().run(second), second.logText());

        assertEquals("Pave stopped while the provision commands were running; deploy again to retry", failed.message());
        assertEquals(List.of("ran"), Files.readAllLines(count), "the command ran once");
        assertFalse(running(pid), "the earlier command is stopped");
        assertFalse(running(Long.parseLong(Files.readString(scratch.resolve("background.pid")).trim())), "with its background job");
        assertTrue(second.logText().contains("Stopped process group " + pid), second.logText());
        first.thaw();
        frozen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void resumedAttemptLeavesAPidThatIsNoLongerItsOwn() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "30").start();
        try {
            ObjectNode checkpoint = new RunningCommand("running", stranger.pid(), true, 1L, java.net.InetAddress.getLocalHost().getHostName(),
                    scratch.resolve("gone").toString(), 0).toJson();
            RecordingContext resumed = new RecordingContext(Requests.commands(DEPLOY, Map.of(), List.of("echo again"), List.of(), INPUTS), 2, checkpoint);

            assertInstanceOf(Failed.class, provisioner().run(resumed));

            assertTrue(stranger.isAlive(), "a process that merely reuses the pid is left alone");
            assertTrue(resumed.logText().contains("no longer running"), resumed.logText());
            assertFalse(resumed.logLines().contains("again"));
        } finally {
            stranger.destroyForcibly();
        }
    }

    /** A context that freezes the provisioner once its command runs, as if Pave had hung or died. */
    private static final class FrozenContext extends RecordingContext {

        final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch thawed = new CountDownLatch(1);

        FrozenContext(ProvisionRequest request) {
            super(request);
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
            running.countDown();
        }

        void thaw() {
            thawed.countDown();
        }
    }

    private CommandProvisioner provisioner() {
        return new CommandProvisioner(runs, Duration.ofSeconds(20), List.of());
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
     * and a nested bash, each writing its pid, then "ready".
     */
    private String treeOfSleeps() {
        return "(sleep 300 & echo $! > " + scratch.resolve("orphan.pid") + ") & "
                + "bash -c 'echo $$ > " + scratch.resolve("nested.pid") + "; sleep 300; true' & "
                + "while [ ! -s " + scratch.resolve("orphan.pid") + " ] || [ ! -s " + scratch.resolve("nested.pid") + " ]; do sleep 0.05; done; "
                + "echo ready; wait";
    }

    private void assertAllGone() throws IOException {
        for (String name : List.of("orphan.pid", "nested.pid")) {
            long pid = Long.parseLong(Files.readString(scratch.resolve(name)).trim());
            assertFalse(running(pid), name + " " + pid + " is still running");
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).filter(ProcessGroup::running).isPresent();
    }

    private static void waitForFile(Path file) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        while (!Files.exists(file) && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
    }
}

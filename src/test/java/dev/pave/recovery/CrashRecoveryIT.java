package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.testing.AwsCli;
import dev.pave.testing.CommandTemplates;
import dev.pave.testing.FreePort;
import dev.pave.testing.MotoServer;
import dev.pave.testing.PackagedPave;
import dev.pave.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pave killed with SIGKILL in the middle of eight command deployments, then started again on the same home: the
 * embedded database comes back, each deployment's supervisor kept its commands running, the restarted Pave
 * re-attaches to them, and every deployment succeeds with its commands run once. A clean stop (SIGTERM) leaves the
 * commands running too and hands the deployments on at once, without waiting for the lease to run out. The packaged
 * Pave keeps no secret in its own environment, and a template's commands see nothing of Pave.
 */
class CrashRecoveryIT {

    private static final String KEY_ID = "PAVECRASHTESTKEY0001";
    private static final String SECRET = "crash-test-secret-access-key-0000000000";
    private static final String ADMIN_PASSWORD = "crash-test-admin-password-3f9c2a";
    private static final String AWS_SECRET = "aws-secret-that-must-not-leak-7d41";
    private static final int DEPLOYMENTS = 8;

    private final Path home = PackagedPave.temp("pave-crash-home");
    private final Path scratch = PackagedPave.writableTemp("pave-crash-scratch");
    private final int port = FreePort.pick();
    private final MotoServer moto = MotoServer.start();
    private final String marker = "pave-crash-" + UUID.randomUUID().toString().substring(0, 8);
    private PackagedPave pave;

    @BeforeAll
    static void needsBubblewrap() {
        Tools.require("bwrap", "install bubblewrap (Debian package bubblewrap): Pave runs template commands in it");
    }

    @AfterEach
    void stop() {
        if (pave != null) {
            pave.stop(Duration.ofSeconds(30));
        }
        ProcessHandle.allProcesses().filter(p -> commandLine(p).contains(marker)).forEach(ProcessHandle::destroyForcibly);
        moto.stop();
    }

    @Test
    void deploymentsInterruptedByKillMinus9AllSucceedWithTheirCommandsRunOnce() throws Exception {
        pave = start("6s");
        AwsCli cli = new AwsCli("http://localhost:" + port, KEY_ID, SECRET);
        registerSlowTemplate(cli);
        List<String> names = startSlowDeployments(cli, 30);

        pave.kill();                                               // SIGKILL: no shutdown hooks, no cleanup
        assertEquals(DEPLOYMENTS, runningCommands(), "the commands outlive the killed JVM under their supervisors");

        pave = start("6s");                                        // same home: the orphaned PostgreSQL is stopped first
        for (String name : names) {
            JsonNode environment = waitForEnvironment(cli, name, e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
            assertEquals("SUCCEEDED", environment.get("deploymentStatus").asText(), environment.toString());
            JsonNode outputs = cli.proton("list-environment-outputs", "--environment-name", name).ok().json().get("outputs");
            assertEquals("Finished", outputs.get(0).get("key").asText(), outputs.toString());
        }
        assertEquals(names.stream().sorted().toList(), Files.readAllLines(scratch.resolve("runs.log")).stream().sorted().toList(),
                "each deployment's provision commands ran exactly once");
        waitFor("the commands to be done", () -> runningCommands() == 0);
    }

    @Test
    void aCleanStopLeavesTheCommandsRunningAndHandsTheDeploymentsOnWithoutWaitingForTheLease() throws Exception {
        pave = start("300s");                                      // a lease longer than the test may wait
        AwsCli cli = new AwsCli("http://localhost:" + port, KEY_ID, SECRET);
        registerSlowTemplate(cli);
        List<String> names = startSlowDeployments(cli, 20);

        assertTrue(pave.stop(Duration.ofSeconds(60)), "Pave stops on SIGTERM"); // SIGTERM: Quarkus shuts down cleanly
        assertTrue(log().contains("interrupted by shutdown, left for the next worker"), log());
        assertTrue(runningCommands() > 0, "a clean stop does not kill running commands");

        Instant restarted = Instant.now();
        pave = start("300s");
        for (String name : names) {
            JsonNode environment = waitForEnvironment(cli, name, e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
            assertEquals("SUCCEEDED", environment.get("deploymentStatus").asText(), environment.toString());
        }
        assertTrue(Duration.between(restarted, Instant.now()).toSeconds() < 200, "resumed before the 300 s lease would have run out");
        assertEquals(names.stream().sorted().toList(), Files.readAllLines(scratch.resolve("runs.log")).stream().sorted().toList(),
                "each deployment's provision commands ran exactly once");
    }

    @Test
    void paveKeepsNoSecretInItsEnvironmentAndCommandsSeeNothingOfPave() throws Exception {
        pave = start("6s");
        AwsCli cli = new AwsCli("http://localhost:" + port, KEY_ID, SECRET);

        String environ = Files.readString(Path.of("/proc/" + pave.process().pid() + "/environ"));
        assertTrue(environ.contains("PAVE_HOME="), "the environment is readable, and still has what is not secret");
        assertFalse(environ.contains(ADMIN_PASSWORD), "PAVE_ADMIN_PASSWORD is cleared after start");
        assertFalse(environ.contains(SECRET), "PAVE_ADMIN_SECRET_ACCESS_KEY is cleared after start");
        assertFalse(environ.contains(AWS_SECRET), "AWS_SECRET_ACCESS_KEY is cleared after start");

        registerSlowTemplate(cli); // Pave still reaches S3 with the AWS keys it withdrew, and still knows the admin's key
        String probe = String.join("; ",
                "key=$(cat " + home.resolve("secret.key") + " 2>/dev/null | head -c 20 || true)",
                "password=$(cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c '^PAVE_\\|^AWS_SECRET' || true)",
                "socket=$(ls " + home.resolve("postgres-run") + " 2>/dev/null | wc -l)",
                "others=$(cat " + home.resolve("runs") + "/*/work/proton-inputs.json 2>/dev/null | grep -c ' 60$' || true)",
                "printf '{\"key\": \"%s\", \"environ\": \"%s\", \"socket\": \"%s\", \"others\": \"%s\"}' "
                        + "\"$key\" \"$password\" \"$socket\" \"$others\" > proton-outputs.json");
        registerTemplate(cli, "probe", probe, "true\n");
        startSlowDeployments(cli, 60);                             // other runs that the probe must not see
        CommandTemplates.createEnvironment(cli, "probe", "probe", 0);

        JsonNode environment = waitForEnvironment(cli, "probe", e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
        assertEquals("SUCCEEDED", environment.get("deploymentStatus").asText(), environment.toString());
        JsonNode outputs = cli.proton("list-environment-outputs", "--environment-name", "probe").ok().json().get("outputs");
        Map<String, String> seen = new java.util.TreeMap<>();
        outputs.forEach(o -> seen.put(o.get("key").asText(), o.get("valueString").asText()));
        assertEquals(Map.of("key", "", "environ", "0", "socket", "0", "others", "0"), seen,
                "the probe read nothing of PAVE_HOME's keys, Pave's environment, the database socket or other runs");
    }

    /** Starts eight deployments of the slow template and waits until their commands run. */
    private List<String> startSlowDeployments(AwsCli cli, int seconds) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= DEPLOYMENTS; i++) {
            String name = "crashy-" + i;
            CommandTemplates.createEnvironment(cli, name, "slow", seconds);
            names.add(name);
        }
        waitFor("all " + DEPLOYMENTS + " commands to be running (log: " + log() + ")", () -> runningCommands() == DEPLOYMENTS);
        return names;
    }

    private long runningCommands() {
        return ProcessHandle.allProcesses().filter(p -> commandLine(p).contains(marker)).count(); // only the slow script's sleeper names it
    }

    private void registerSlowTemplate(AwsCli cli) {
        // sleeps as long as the spec says, under a name the test can find, then reports an output
        String script = """
                set -e
                seconds=$(grep -o '"seconds" *: *[0-9]*' proton-inputs.json | grep -o '[0-9]*$')
                bash -c 'sleep "$1"; true' %s "$seconds"
                echo '{"Finished": "yes"}' > proton-outputs.json
                """.formatted(marker);
        registerTemplate(cli, "slow", "echo $(grep -o '\"name\" *: *\"[^\"]*' proton-inputs.json | head -1 | grep -o '[^\"]*$') >> "
                + scratch.resolve("runs.log") + "; bash slow.sh", script);
    }

    private void registerTemplate(AwsCli cli, String name, String command, String script) {
        CommandTemplates.publish(cli, moto, name, command, script);
    }

    private PackagedPave start(String lease) {
        return PackagedPave.start(port, scratch.resolve("pave.log"), Map.ofEntries(
                Map.entry("PAVE_HOME", home.toString()),
                Map.entry("PAVE_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("PAVE_ADMIN_ACCESS_KEY_ID", KEY_ID),
                Map.entry("PAVE_ADMIN_SECRET_ACCESS_KEY", SECRET),
                Map.entry("PAVE_SAMPLES_LOAD", "false"),
                Map.entry("PAVE_DEPLOY_LEASE", lease),
                Map.entry("PAVE_DEPLOY_POLL", "500ms"),
                Map.entry("PAVE_DEPLOY_WORKERS", String.valueOf(DEPLOYMENTS + 2)),
                Map.entry("PAVE_COMMANDS_WRITABLE_PATHS", scratch.toString()), // where the commands record that they ran
                Map.entry("AWS_ENDPOINT_URL", moto.endpoint()),
                Map.entry("AWS_ACCESS_KEY_ID", "testing"),
                Map.entry("AWS_SECRET_ACCESS_KEY", AWS_SECRET),
                Map.entry("AWS_REGION", "us-east-1")));
    }

    private JsonNode waitForEnvironment(AwsCli cli, String name, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        JsonNode environment = null;
        while (Instant.now().isBefore(deadline)) {
            environment = cli.proton("get-environment", "--name", name).ok().json().get("environment");
            if (done.test(environment)) {
                return environment;
            }
            sleep(500);
        }
        throw new AssertionError("environment still " + environment + "; log: " + log());
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; log: " + log());
            }
            sleep(200);
        }
    }

    private String log() {
        return pave == null ? "(not started)" : pave.log();
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    private static void sleep(long millis) {
        PackagedPave.sleep(millis);
    }
}

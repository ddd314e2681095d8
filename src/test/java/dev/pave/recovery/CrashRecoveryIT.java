package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.testing.AwsCli;
import dev.pave.testing.FreePort;
import dev.pave.testing.MotoServer;
import dev.pave.testing.TestBundles;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pave killed with SIGKILL in the middle of a deployment, then started again on the same home: the embedded
 * database comes back, the deployment is taken over and ends cleanly (the command runner cannot know how far an
 * interrupted command got, so it fails rather than guess), the commands never run twice, what they left running
 * is stopped, and the environment deploys again afterwards. A clean stop (SIGTERM) hands the deployment on at once:
 * the restarted Pave resumes it without waiting for the lease to run out.
 */
class CrashRecoveryIT {

    private static final String KEY_ID = "PAVECRASHTESTKEY0001";
    private static final String SECRET = "crash-test-secret-access-key-0000000000";

    private final Path home = temp("pave-crash-home");
    private final Path scratch = temp("pave-crash-scratch");
    private final int port = FreePort.pick();
    private final MotoServer moto = MotoServer.start();
    private final String marker = "pave-crash-" + UUID.randomUUID().toString().substring(0, 8);
    private Process pave;

    @AfterEach
    void stop() {
        if (pave != null) {
            pave.destroy();
            try {
                pave.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ProcessHandle.allProcesses().filter(p -> commandLine(p).contains(marker)).forEach(ProcessHandle::destroyForcibly);
        moto.stop();
    }

    @Test
    void aDeploymentInterruptedByKillMinus9EndsCleanlyAndNeverRunsTwice() throws Exception {
        pave = start("6s");
        AwsCli cli = new AwsCli("http://localhost:" + port, KEY_ID, SECRET);
        Path runs = startSlowDeployment(cli);

        pave.destroyForcibly().waitFor(30, TimeUnit.SECONDS);    // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(ProcessHandle.allProcesses().anyMatch(p -> commandLine(p).contains(marker)),
                "the command outlives the killed JVM, so the restarted Pave must stop it");

        pave = start("6s");                                        // same home: the orphaned PostgreSQL is stopped first
        JsonNode environment = waitForEnvironment(cli, e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
        assertEquals("FAILED", environment.get("deploymentStatus").asText(), environment.toString());
        assertTrue(environment.get("deploymentStatusMessage").asText().contains("Pave stopped while the provision commands were running"),
                environment.get("deploymentStatusMessage").asText());
        assertEquals(List.of("started"), Files.readAllLines(runs), "the provision commands ran once");
        waitFor("the interrupted command to be stopped", () -> ProcessHandle.allProcesses().noneMatch(p -> commandLine(p).contains(marker)));

        String deploymentId = environment.get("lastAttemptedDeploymentId").asText();
        JsonNode events = cli.proton("get-deployment", "--id", deploymentId).ok().json().get("deployment");
        assertEquals("FAILED", events.get("deploymentStatus").asText());

        cli.proton("update-environment", "--name", "crashy", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: EnvironmentSpec\nspec:\n  seconds: 0\n").ok();
        environment = waitForEnvironment(cli, e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
        assertEquals("SUCCEEDED", environment.get("deploymentStatus").asText(), environment.toString());
        assertEquals(List.of("started", "started"), Files.readAllLines(runs));
        JsonNode outputs = cli.proton("list-environment-outputs", "--environment-name", "crashy").ok().json().get("outputs");
        assertEquals("Finished", outputs.get(0).get("key").asText());
    }

    @Test
    void aCleanStopHandsTheDeploymentOnWithoutWaitingForTheLease() throws Exception {
        pave = start("300s");                                      // a lease longer than the test may wait
        AwsCli cli = new AwsCli("http://localhost:" + port, KEY_ID, SECRET);
        Path runs = startSlowDeployment(cli);

        pave.destroy();                                            // SIGTERM: Quarkus shuts down cleanly
        assertTrue(pave.waitFor(60, TimeUnit.SECONDS), "Pave stops on SIGTERM");
        waitFor("the stopped Pave's command to be gone", () -> ProcessHandle.allProcesses().noneMatch(p -> commandLine(p).contains(marker)));
        assertTrue(log().contains("interrupted by shutdown, left for the next worker"), log());

        Instant restarted = Instant.now();
        pave = start("300s");
        JsonNode environment = waitForEnvironment(cli, e -> !e.get("deploymentStatus").asText().equals("IN_PROGRESS"));
        assertTrue(Duration.between(restarted, Instant.now()).toSeconds() < 200, "resumed before the 300 s lease would have run out");
        assertEquals("FAILED", environment.get("deploymentStatus").asText(), environment.toString());
        assertTrue(environment.get("deploymentStatusMessage").asText().contains("Pave stopped while the provision commands were running"),
                "the shutdown left the deployment to the next start instead of failing it itself: "
                        + environment.get("deploymentStatusMessage").asText());
        assertEquals(List.of("started"), Files.readAllLines(runs), "the provision commands ran once");
    }

    /** Registers a template whose provision command sleeps, and starts an environment on it; returns its run log. */
    private Path startSlowDeployment(AwsCli cli) {
        registerSlowTemplate(cli);
        cli.proton("create-environment", "--name", "crashy", "--template-name", "slow", "--template-major-version", "1",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/CodeBuild",
                "--spec", "proton: EnvironmentSpec\nspec:\n  seconds: 120\n").ok();
        Path runs = scratch.resolve("runs.log");
        waitFor("the provision command to start", () -> Files.exists(runs));
        waitFor("the long command to be running (environment: " + cli.proton("get-environment", "--name", "crashy").stdout() + ")",
                () -> ProcessHandle.allProcesses().anyMatch(p -> commandLine(p).contains(marker)));
        return runs;
    }

    private void registerSlowTemplate(AwsCli cli) {
        String schema = """
                schema:
                  format:
                    openapi: "3.0.0"
                  environment_input_type: "SlowInput"
                  types:
                    SlowInput:
                      type: object
                      properties:
                        seconds:
                          type: integer
                          default: 120
                """;
        String manifest = """
                infrastructure:
                  templates:
                    - rendering_engine: codebuild
                      settings:
                        provision:
                          - echo started >> %s
                          - bash slow.sh
                        deprovision:
                          - echo gone
                """.formatted(scratch.resolve("runs.log"));
        // sleeps as long as the spec says, under a name the test can find, then reports an output
        String script = """
                set -e
                seconds=$(grep -o '"seconds" *: *[0-9]*' proton-inputs.json | grep -o '[0-9]*$')
                bash -c 'sleep "$1"; true' %s "$seconds"
                echo '{"Finished": "yes"}' > proton-outputs.json
                """.formatted(marker);
        byte[] bundle = TestBundles.empty().with("schema/schema.yaml", schema).with("infrastructure/manifest.yaml", manifest)
                .with("infrastructure/slow.sh", script).tarGz();
        Path file = TestBundles.write(scratch.resolve("slow.tar.gz"), bundle);
        Map<String, String> motoEnv = moto.cliEnvironment();
        cli.run(List.of("aws", "--endpoint-url", moto.endpoint(), "s3", "mb", "s3://bundles"), motoEnv).ok();
        cli.run(List.of("aws", "--endpoint-url", moto.endpoint(), "s3", "cp", file.toString(), "s3://bundles/slow.tar.gz"), motoEnv).ok();
        cli.proton("create-environment-template", "--name", "slow").ok();
        JsonNode v = cli.proton("create-environment-template-version", "--template-name", "slow",
                "--source", "s3={bucket=bundles,key=slow.tar.gz}").ok().json().get("environmentTemplateVersion");
        assertEquals("DRAFT", v.get("status").asText(), v.toString());
        cli.proton("update-environment-template-version", "--template-name", "slow", "--major-version", "1", "--minor-version", "0",
                "--status", "PUBLISHED").ok();
    }

    private Process start(String lease) throws IOException {
        String jar = System.getProperty("pave.jar", "target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(Path.of(jar)), "run after package: " + jar);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve("pave.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("PAVE_HOME", home.toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("PAVE_ADMIN_PASSWORD", "crash-test-admin-password");
        env.put("PAVE_ADMIN_ACCESS_KEY_ID", KEY_ID);
        env.put("PAVE_ADMIN_SECRET_ACCESS_KEY", SECRET);
        env.put("PAVE_SAMPLES_LOAD", "false");
        env.put("PAVE_DEPLOY_LEASE", lease);
        env.put("PAVE_DEPLOY_POLL", "500ms");
        env.put("AWS_ENDPOINT_URL", moto.endpoint());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "us-east-1");
        Process process = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), () -> "Pave exited: " + log());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            sleep(200);
        }
        throw new AssertionError("Pave was not ready within 120 s: " + log());
    }

    private JsonNode waitForEnvironment(AwsCli cli, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode environment = null;
        while (Instant.now().isBefore(deadline)) {
            environment = cli.proton("get-environment", "--name", "crashy").ok().json().get("environment");
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
        try {
            String log = Files.readString(scratch.resolve("pave.log"));
            return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    private static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

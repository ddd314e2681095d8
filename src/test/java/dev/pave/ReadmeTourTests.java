package dev.pave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.FirstStart;
import dev.pave.identity.IdentityService;
import dev.pave.testing.MotoServer;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.Tools;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, run as written: every {@code sh} block of its "A short tour" section, in order, in one bash
 * with the real aws CLI, except a block marked {@code <!-- tour: skip -->} (it starts Pave and moto, which the test
 * has already). Only the two addresses change: the README's {@code localhost:8080} is this test's Pave and
 * {@code localhost:5000} its moto; {@code PAVE_HOME} holds the credentials files Pave writes at a first start.
 */
@QuarkusTest
class ReadmeTourTests {

    private static final String SKIP = "<!-- tour: skip";

    @TestHTTPResource("/")
    URL base;

    @Inject
    PortalFixtures fixtures;

    @Inject
    PaveConfig config;

    @Test
    void theToursCommandsRunAsWritten() throws Exception {
        Tools.require("aws", "install the AWS CLI (pip install awscli)");
        MotoServer moto = MotoServer.shared();
        fixtures.load(); // the sample templates a fresh Pave publishes
        List<String> blocks = tourBlocks(Files.readString(Path.of("README.md")));
        assertTrue(blocks.size() >= 4, "the tour's blocks: " + blocks.size());

        Path home = Files.createTempDirectory("tour-home");
        Files.writeString(home.resolve("credentials"),
                FirstStart.credentials(new IdentityService.NewAccessKey(PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET)));
        Files.writeString(home.resolve("config"), FirstStart.awsConfig(config.region()));
        Path work = Files.createTempDirectory("tour-work");
        String pave = base.toString().replaceFirst("/$", "");
        String script = "set -euo pipefail\nset -x\n" + String.join("\n", blocks).replace("http://localhost:8080", pave)
                .replace("http://localhost:5000", moto.endpoint());

        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true);
        bash.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        bash.environment().put("PAVE_HOME", home.toString());
        bash.environment().put("AWS_PAGER", "");
        Path log = work.resolve("tour.log");
        Process p = bash.redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "the tour did not finish in 10 minutes:\n" + output);
        assertEquals(0, p.exitValue(), output);
        // what each part promises
        for (String expected : List.of("\"SandboxId\"", "\"recommendedVersion\": \"1.0\"", "\"QueueUrl\"", "\"TopicArn\"", "\"serviceInstances\"",
                "Synced from GITHUB/myorg/templates", "Hello from Git")) {
            assertTrue(output.contains(expected), expected + " in:\n" + output);
        }
    }

    /** The sh blocks of the tour section, less each one right after a skip mark. */
    static List<String> tourBlocks(String readme) {
        int start = readme.indexOf("\n## A short tour");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> blocks = new ArrayList<>();
        boolean skipNext = false;
        boolean inBlock = false;
        boolean skipping = false;
        StringBuilder block = new StringBuilder();
        for (String line : readme.substring(start, end).split("\n", -1)) {
            if (inBlock) {
                if (line.equals("```")) {
                    if (!skipping) {
                        blocks.add(block.toString());
                    }
                    block.setLength(0);
                    inBlock = false;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith(SKIP)) {
                skipNext = true;
            } else if (line.equals("```sh")) {
                inBlock = true;
                skipping = skipNext;
                skipNext = false;
            }
        }
        return blocks;
    }
}

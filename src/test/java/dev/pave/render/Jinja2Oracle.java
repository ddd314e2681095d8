package dev.pave.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Python jinja2 as the expected behaviour: runs src/test/resources/render/oracle.py once for a batch of cases.
 * Without python3 and jinja2 the calling tests are skipped, or fail when CI=true.
 */
final class Jinja2Oracle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = "install python3 and jinja2";

    /** A template and the context it is rendered with, in both engines. */
    record Case(String name, String template, Map<String, Object> context) {
    }

    /** What jinja2 did with a case: output, or the error it raised. */
    record Result(String output, String error) {

        /** Asserts that Pave does the same: byte-identical output, or a RenderException. */
        void assertSameAs(TemplateRenderer renderer, Case testCase) {
            if (error != null) {
                assertThrows(RenderException.class,
                        () -> renderer.render(testCase.name(), testCase.template(), testCase.context()),
                        () -> "jinja2 raised " + error);
            } else {
                assertEquals(output, renderer.render(testCase.name(), testCase.template(), testCase.context()));
            }
        }
    }

    private Jinja2Oracle() {
    }

    static List<Result> render(List<Case> cases) {
        assumeAvailable();
        try {
            Process python = new ProcessBuilder("python3", script().toString()).start();
            try (OutputStream stdin = python.getOutputStream()) {
                JSON.writeValue(stdin, cases.stream()
                        .map(c -> Map.of("template", c.template(), "context", c.context()))
                        .toList());
            }
            byte[] stdout;
            try (InputStream out = python.getInputStream()) {
                stdout = out.readAllBytes();
            }
            String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
                fail("oracle.py failed: " + stderr);
            }
            return JSON.readValue(stdout, new TypeReference<List<Result>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("could not run oracle.py", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running oracle.py", e);
        }
    }

    private static Path script() {
        return Path.of("src/test/resources/render/oracle.py").toAbsolutePath();
    }

    private static void assumeAvailable() {
        boolean available;
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import jinja2").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0 && Files.exists(script());
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        if (!available && "true".equals(System.getenv("CI"))) {
            fail(MISSING);
        }
        Assumptions.assumeTrue(available, MISSING);
    }
}

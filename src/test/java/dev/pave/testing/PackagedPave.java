package dev.pave.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pave as it ships: {@code java -jar target/quarkus-app/quarkus-run.jar} in a process of its own (for the {@code *IT}
 * tests, which run after {@code package}), configured by environment variables, its output appended to a log file.
 */
public final class PackagedPave {

    private final Process process;
    private final int port;
    private final Path logFile;

    private PackagedPave(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts Pave on {@code port} with {@code env} added to this JVM's environment; {@link #awaitReady} waits for it. */
    public static PackagedPave launch(int port, Path logFile, Map<String, String> env) {
        String jar = System.getProperty("pave.jar", "target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(Path.of(jar)), "run after package: " + jar);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            return new PackagedPave(pb.start(), port, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #launch}, then {@link #awaitReady}. */
    public static PackagedPave start(int port, Path logFile, Map<String, String> env) {
        return launch(port, logFile, env).awaitReady();
    }

    /** Waits (two minutes at most) until {@code /q/health/ready} answers 200. */
    public PackagedPave awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(process.isAlive(), () -> "Pave exited: " + log());
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // starting
            }
            sleep(200);
        }
        throw new AssertionError("Pave was not ready within 120 s: " + log());
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hooks, no cleanup, as a crash or an OOM kill. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then up to {@code wait} for Quarkus to shut down; answers whether it did. */
    public boolean stop(Duration wait) {
        process.destroy();
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last 6,000 characters of the log, for failure messages. */
    public String log() {
        try {
            String log = Files.readString(logFile);
            return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The whole log. */
    public String fullLog() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "";
        }
    }

    /** A fresh temporary folder. */
    public static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh folder the sandboxed commands (run as pave-runner when the tests run as root) may write to. */
    public static Path writableTemp(String prefix) {
        Path dir = temp(prefix);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

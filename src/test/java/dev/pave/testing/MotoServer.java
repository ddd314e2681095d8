package dev.pave.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * A local AWS emulator (moto_server) on a free loopback port, one per test JVM. It emulates S3, CloudFormation
 * and friends; it lacks some intrinsics (Fn::Cidr) and drift detection.
 */
public final class MotoServer {

    private static MotoServer shared;

    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.process.destroy()));
        }
        return shared;
    }

    public static MotoServer start() {
        String moto = Tools.require("moto_server", "install moto with its server extra (pip install 'moto[server]')");
        int port = FreePort.pick();
        try {
            File log = File.createTempFile("moto-", ".log");
            Process process = new ProcessBuilder(moto, "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log).start();
            String endpoint = "http://127.0.0.1:" + port;
            waitUntilUp(process, endpoint, log);
            return new MotoServer(process, endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops an instance of one's own (the shared one stops with the JVM). */
    public void stop() {
        process.destroy();
    }

    public String endpoint() {
        return endpoint;
    }

    /** Environment for an aws CLI call against moto (dummy credentials; moto accepts any). */
    public java.util.Map<String, String> cliEnvironment() {
        return java.util.Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
    }

    private static void waitUntilUp(Process process, String endpoint, File log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + java.nio.file.Files.readString(log.toPath()));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroy();
        throw new IllegalStateException("moto_server did not start within 60 s");
    }
}

package dev.pave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code aws} CLI (the Proton API's reference client) against Pave, with a credentials file holding
 * a {@code [pave]} profile, exactly as a user would.
 */
public final class AwsCli {

    public record Result(int exitCode, String stdout, String stderr) {

        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(stdout.isBlank() ? "{}" : stdout);
            } catch (IOException e) {
                throw new IllegalStateException("aws printed no JSON: " + stdout + stderr, e);
            }
        }

        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("aws failed (" + exitCode + "): " + stderr + stdout);
            }
            return this;
        }
    }

    private final Path home;
    private final String endpoint;

    /** A CLI signing with the given key pair, talking to Pave at {@code endpoint}. */
    public AwsCli(String endpoint, String accessKeyId, String secret) {
        Tools.require("aws", "install the AWS CLI (pip install awscli)");
        this.endpoint = endpoint;
        try {
            home = Files.createTempDirectory("aws-cli");
            Files.writeString(home.resolve("credentials"),
                    "[pave]\naws_access_key_id = " + accessKeyId + "\naws_secret_access_key = " + secret + "\n");
            Files.writeString(home.resolve("config"), "[profile pave]\nregion = us-east-1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code aws --profile pave --endpoint-url <pave> proton <args>}. */
    public Result proton(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--profile", "pave", "--endpoint-url", endpoint, "--output", "json", "proton"));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** Any aws command with extra environment (e.g. {@code s3 cp} against moto). */
    public Result run(List<String> command, Map<String, String> extraEnv) {
        return run(home, command, extraEnv);
    }

    /** Any command (a Makefile calling aws, say) run in {@code directory} with this CLI's files and extra environment. */
    public Result run(Path directory, List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        pb.environment().put("AWS_PAGER", "");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().putAll(extraEnv);
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws " + command + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path home() {
        return home;
    }
}

package dev.pave.provision.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.host.Folders;
import dev.pave.host.SystemAccount;
import dev.pave.provision.BundleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a deployment's commands, in a directory with an unguessable name under the runs folder. Pave and the
 * supervisor own the directory and its control files ({@code output.log}, {@code events}, {@code result},
 * {@code heartbeat}, {@code commands/}); only {@code work/}, holding the rendered bundle and
 * {@code proton-inputs.json}, belongs to the runner account and is all a sandboxed command sees.
 */
final class RunDirectory {

    /** A supervisor whose heartbeat is older than this is gone (it touches the file every 2 s). */
    static final Duration HEARTBEAT_LOST = Duration.ofSeconds(10);
    private static final long MAX_OUTPUTS_BYTES = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * A fresh directory for a run: {@code runs/<128 random bits>}, 0700 (0711 when the runner is another account, which
     * must pass through to reach {@code work/}), with {@code work/} 0700 and owned by the runner.
     *
     * @throws IllegalArgumentException for a bundle file that points outside the work directory
     */
    static RunDirectory create(Path runs, SystemAccount runner, Map<String, String> files, JsonNode protonInputs,
            List<String> commands, String supervisor) throws IOException {
        secureRuns(runs, runner);
        RunDirectory run = new RunDirectory(runs.resolve(HexFormat.of().formatHex(bytes())));
        Files.createDirectory(run.path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(runner.switched() ? "rwx--x--x" : "rwx------")));
        Path work = Files.createDirectory(run.work(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = BundleFiles.resolve(work, file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve("proton-inputs.json").toFile(), protonInputs);
            runner.ownTree(work);
            Path commandFiles = Files.createDirectory(run.path.resolve("commands"));
            for (int i = 0; i < commands.size(); i++) {
                Files.writeString(commandFiles.resolve(String.valueOf(i)), commands.get(i));
            }
            Files.writeString(run.supervisor(), supervisor);
        } catch (IOException | RuntimeException e) {
            run.delete();
            throw e;
        }
        return run;
    }

    /**
     * The directory an earlier attempt started, if it is still here and still Pave's: a real directory (not a link
     * someone put in its place), owned by this process's account.
     */
    static Optional<RunDirectory> existing(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != SystemAccount.current().uid()) {
            throw new IOException(path + " is not owned by Pave's account; refusing to use it");
        }
        return Optional.of(new RunDirectory(path));
    }

    Path path() {
        return path;
    }

    Path work() {
        return path.resolve("work");
    }

    Path supervisor() {
        return path.resolve("supervisor.sh");
    }

    Path outputLog() {
        return path.resolve("output.log");
    }

    /** The supervisor's events so far: {@code start <i> <offset>} and {@code exit <i> <status> <offset>}. */
    List<String> events() throws IOException {
        Path events = path.resolve("events");
        return Files.exists(events) ? Files.readAllLines(events) : List.of();
    }

    /** What the supervisor wrote last, once every command is done: {@code ok}, {@code failed <i> <status>} or {@code timeout <i>}. */
    Optional<String> result() throws IOException {
        Path result = path.resolve("result");
        return Files.exists(result) ? Optional.of(Files.readString(result).trim()) : Optional.empty();
    }

    /** Whether the supervisor has shown a sign of life recently (or has only just been started). */
    boolean supervisorAlive(Instant startedAt) throws IOException {
        Path heartbeat = path.resolve("heartbeat");
        Instant last = Files.exists(heartbeat)
                ? Files.getLastModifiedTime(heartbeat).toInstant()
                : startedAt;
        return Duration.between(last, Instant.now()).compareTo(HEARTBEAT_LOST) < 0;
    }

    /** When the supervisor's heartbeat file was last touched, for the log. */
    Optional<FileTime> lastHeartbeat() throws IOException {
        Path heartbeat = path.resolve("heartbeat");
        return Files.exists(heartbeat) ? Optional.of(Files.getLastModifiedTime(heartbeat)) : Optional.empty();
    }

    /**
     * The outputs the commands left in {@code work/proton-outputs.json}: an object of key → value, or Proton's list
     * of {@code {"key", "valueString"}}; none when the file is absent. The runner wrote it, so Pave reads it without
     * following links and only as a regular file of bounded size.
     *
     * @throws IllegalArgumentException when the file is none of those
     */
    Map<String, String> outputs() throws IOException {
        Path file = work().resolve("proton-outputs.json");
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return outputs;
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("proton-outputs.json must be a regular file, not a link or a device");
        }
        if (attributes.size() > MAX_OUTPUTS_BYTES) {
            throw new IllegalArgumentException("proton-outputs.json is larger than " + MAX_OUTPUTS_BYTES / 1000 + " KB");
        }
        JsonNode root;
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                InputStream in = java.nio.channels.Channels.newInputStream(channel)) {
            root = JSON.readTree(in.readNBytes((int) MAX_OUTPUTS_BYTES + 1));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("proton-outputs.json is not JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.isObject()) {
            root.fields().forEachRemaining(field -> put(outputs, field.getKey(), field.getValue()));
        } else if (root != null && root.isArray()) {
            for (JsonNode output : root) {
                if (!output.path("key").isTextual()) {
                    throw new IllegalArgumentException("proton-outputs.json: every entry needs a \"key\" and a \"valueString\"");
                }
                put(outputs, output.get("key").asText(), output.path("valueString"));
            }
        } else {
            throw new IllegalArgumentException("proton-outputs.json must hold an object of outputs or a list of {\"key\", \"valueString\"}");
        }
        return outputs;
    }

    /** Reads {@code output.log} from {@code offset}: at most {@code max} bytes. */
    byte[] output(long offset, int max) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(outputLog(), StandardOpenOption.READ)) {
            if (offset >= channel.size()) {
                return new byte[0];
            }
            channel.position(offset);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(max, channel.size() - offset));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read up to what was there when asked
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (java.nio.file.NoSuchFileException notYet) {
            return new byte[0];
        }
    }

    /** Removes the directory without following links the runner may have left in {@code work/}. */
    void delete() throws IOException {
        Folders.deleteTree(path);
    }

    /** The runs folder: Pave's alone, passable (never listable) by the runner when it is another account. */
    private static void secureRuns(Path runs, SystemAccount runner) throws IOException {
        Files.createDirectories(runs);
        if (!Files.isDirectory(runs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(runs + " is not a directory");
        }
        Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString(runner.switched() ? "rwx--x--x" : "rwx------"));
    }

    private static byte[] bytes() {
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        return name;
    }

    private static void put(Map<String, String> outputs, String key, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return;
        }
        outputs.put(key, value.isValueNode() ? value.asText() : value.toString()); // numbers and booleans become strings
    }
}

package dev.pave.provision.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One command run by {@code bash -c} as the leader of its own session and process group ({@code setsid}), so
 * stopping it also stops whatever it started in the background or in nested shells. Where {@code setsid} is
 * missing (macOS), the command's descendants are stopped instead, which misses children that were orphaned.
 */
final class ProcessGroup {

    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Path PROC = Path.of("/proc");
    private static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> new File(path).canExecute()).findFirst();

    private final Process process;

    private ProcessGroup(Process process) {
        this.process = process;
    }

    static ProcessGroup start(String command, Path directory, Map<String, String> environment) throws IOException {
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(argv::add);
        argv.addAll(List.of("bash", "-c", command));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close(); // commands read no input
        return new ProcessGroup(process);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** setsid made the bash process a session leader, so its pid is also the process group id. */
    boolean ownsGroup() {
        return SETSID.isPresent();
    }

    /** The start time that, with the pid, tells this process apart from a later one that reuses the pid. */
    long startedAt() {
        return startedAt(process.toHandle()).orElse(0L);
    }

    static Optional<Long> startedAt(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli);
    }

    /** Stops the command and everything in its group, first politely, then for good. */
    void stop() {
        stop(process.toHandle(), ownsGroup());
    }

    /**
     * Stops {@code leader}, its descendants and, when it leads its own group, every process in that group
     * (background jobs and orphans included).
     */
    static void stop(ProcessHandle leader, boolean ownGroup) {
        List<ProcessHandle> tree = new ArrayList<>(leader.descendants().toList()); // before they are orphaned
        tree.add(leader);
        signal(leader.pid(), ownGroup, "TERM");
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(GRACE);
        while (tree.stream().anyMatch(ProcessGroup::running) && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        signal(leader.pid(), ownGroup, "KILL"); // members that left the tree (reparented) are still in the group
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Alive and not a zombie. An orphan's zombie lingers until the init process reaps it, which some container
     * inits do only now and then; it runs nothing, so it needs no waiting for.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        if (!Files.isDirectory(PROC)) {
            return true; // no /proc (macOS): isAlive is all there is
        }
        try {
            String stat = Files.readString(PROC.resolve(process.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException gone) {
            return false;
        }
    }

    private static void signal(long pgid, boolean ownGroup, String signal) {
        if (!ownGroup) {
            return;
        }
        try {
            // bash's kill accepts a negative id meaning "the whole group"; Java has no call for that
            new ProcessBuilder("bash", "-c", "kill -s " + signal + " -- -" + pgid + " 2>/dev/null")
                    .redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            // no bash to send the signal: the descendants are still destroyed one by one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

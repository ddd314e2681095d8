package dev.pave.provision.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stopping a command supervisor with everything it started. The supervisor runs as the leader of its own session and
 * process group ({@code setsid}), so stopping the group also stops what an unsandboxed command started in the
 * background; sandboxed commands die with their sandbox. Where {@code setsid} is missing (macOS), the descendants
 * are stopped instead, which misses children that were orphaned.
 */
final class ProcessGroup {

    static final Optional<String> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> new File(path).canExecute()).findFirst();
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Path PROC = Path.of("/proc");

    private ProcessGroup() {
    }

    /** The start time that, with the pid, tells a process apart from a later one that reuses the pid. */
    static Optional<Long> startedAt(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli);
    }

    /**
     * Stops {@code leader}, its descendants and, when it leads its own group, every process in that group
     * (background jobs and orphans included), first politely, then for good.
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
     * Kills what is left of a group whose leader is gone. A group id is not reused while members live; a process that
     * now has the leader's pid leads a group of its own, so then the number is someone else's and is left alone.
     */
    static void stopGroup(long pgid) {
        if (ProcessHandle.of(pgid).isEmpty()) {
            signal(pgid, SETSID.isPresent(), "KILL");
        }
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

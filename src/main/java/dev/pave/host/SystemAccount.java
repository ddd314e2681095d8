package dev.pave.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An operating-system account Pave hands work to. When Pave runs as root, nothing it starts may: PostgreSQL refuses
 * root outright, and a template's commands running as root could read every secret on the machine. So the embedded
 * database runs as {@code pave-postgres} and commands as {@code pave-runner}, system accounts Pave creates (like a
 * package's post-install step) the first time it needs them. Run as anyone else, Pave keeps its own account.
 *
 * @param name the account's name
 * @param uid its user id
 * @param gid its primary group id
 * @param switched whether commands must switch to it ({@link #command}); false when it is Pave's own account
 */
public record SystemAccount(String name, int uid, int gid, boolean switched) {

    private static final Optional<String> SETPRIV = Stream.of("/usr/bin/setpriv", "/bin/setpriv")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst();

    /** Whether this process runs as root (uid 0). */
    public static boolean runningAsRoot() {
        return current().uid() == 0;
    }

    /** The account this process runs as. */
    public static SystemAccount current() {
        com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
        return new SystemAccount(System.getProperty("user.name"), (int) unix.getUid(), (int) unix.getGid(), false);
    }

    /**
     * The account work of this kind runs as: {@code name}, created when missing, if Pave runs as root; else Pave's own.
     *
     * @throws IllegalStateException when root cannot create or switch to the account
     */
    public static SystemAccount forWork(String name) {
        if (!runningAsRoot()) {
            return current();
        }
        if (SETPRIV.isEmpty()) {
            throw new IllegalStateException("Pave runs as root and needs setpriv (util-linux) to run " + name
                    + "'s work as that user; install util-linux, or run Pave as an ordinary user");
        }
        Optional<SystemAccount> existing = lookup(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", "--comment", "Pave (" + name + ")", name));
        return lookup(name).orElseThrow(() -> new IllegalStateException("useradd created no account " + name));
    }

    /** {@code command} prefixed so that it runs as this account with none of root's groups, never gaining privileges back. */
    public List<String> command(List<String> command) {
        if (!switched) {
            return command;
        }
        List<String> switchedCommand = new ArrayList<>(List.of(SETPRIV.orElseThrow(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs", "--"));
        switchedCommand.addAll(command);
        return switchedCommand;
    }

    /** Hands {@code path} (not following links) to this account; nothing to do when it is Pave's own. */
    public void own(Path path) throws IOException {
        if (switched) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Hands a whole tree to this account, e.g. a data directory an earlier Pave created as root. */
    public void ownTree(Path root) throws IOException {
        if (!switched) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.toList()) {
                own(path);
            }
        }
    }

    private static Optional<SystemAccount> lookup(String name) {
        String entry = run(List.of("getent", "passwd", name), true).trim();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = entry.split(":");
        return Optional.of(new SystemAccount(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), true));
    }

    private static String run(List<String> command) {
        return run(command, false);
    }

    /** Runs a short system command; with {@code missingIsEmpty} a non-zero exit (getent: no such entry) answers "". */
    private static String run(List<String> command, boolean missingIsEmpty) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                if (missingIsEmpty) {
                    return "";
                }
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}

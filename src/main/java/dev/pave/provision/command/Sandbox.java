package dev.pave.provision.command;

import dev.pave.host.SystemAccount;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a template's commands run. Proton ran them in CodeBuild, away from its control plane; Pave runs them on its
 * own machine, so each command gets a bubblewrap sandbox: read-only system directories, its own work directory,
 * a private /tmp, a fresh /proc that shows only its own processes, and nothing of {@code $PAVE_HOME}, the database
 * socket, other runs or Pave's environment. The network stays on: commands call AWS. When Pave runs as root the
 * command also runs as the unprivileged {@code pave-runner}.
 */
final class Sandbox {

    /** How commands are isolated ({@code pave.commands.sandbox}). */
    enum Mode {
        /** bubblewrap (Debian's package {@code bubblewrap}). */
        BWRAP,
        /** No sandbox: commands see what the runner account sees. Pave warns about it on every start. */
        OFF
    }

    static final String INSTALL = "install bubblewrap (Debian and Ubuntu package `bubblewrap`, Fedora `bubblewrap`), "
            + "or set pave.commands.sandbox=off to run commands unsandboxed";

    /** System directories a command may read; whichever of them exist are bound read-only. */
    private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt");

    /** What of /etc commands need (name resolution, TLS roots, users, alternatives); not the rest, where secrets may live. */
    private static final List<String> ETC = List.of("alternatives", "ca-certificates", "ca-certificates.conf", "crypto-policies",
            "gai.conf", "group", "host.conf", "hosts", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "mime.types",
            "nsswitch.conf", "os-release", "passwd", "pki", "protocols", "resolv.conf", "services", "ssl", "timezone", "bash.bashrc",
            "profile", "inputrc", "java-17-openjdk", "python3", "python3.11");

    private static final Optional<Path> BWRAP = Stream.of("/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final Mode mode;
    private final Optional<Path> bwrap;
    private final SystemAccount runner;
    private final List<Path> readOnly;
    private final List<Path> writable;
    private volatile boolean checked;

    /**
     * @param readOnly further host paths the commands may read (e.g. a toolchain under /srv)
     * @param writable host paths the commands may write (e.g. a shared plugin cache); the runner account needs access
     */
    Sandbox(Mode mode, SystemAccount runner, List<Path> readOnly, List<Path> writable) {
        this(mode, BWRAP, runner, readOnly, writable);
    }

    /** @param bwrap where bubblewrap is installed, if it is */
    Sandbox(Mode mode, Optional<Path> bwrap, SystemAccount runner, List<Path> readOnly, List<Path> writable) {
        this.mode = mode;
        this.bwrap = bwrap;
        this.runner = runner;
        this.readOnly = List.copyOf(readOnly);
        this.writable = List.copyOf(writable);
    }

    Mode mode() {
        return mode;
    }

    SystemAccount runner() {
        return runner;
    }

    /**
     * Why commands cannot run, or empty when they can: bubblewrap is missing or refuses to start here (no user
     * namespaces, say). Checked by starting an empty sandbox once; a failure is checked again next time, so installing
     * the package needs no restart. Interrupted (Pave shutting down), it throws: a later attempt checks again.
     */
    Optional<String> problem(Path scratch) throws InterruptedIOException {
        if (mode == Mode.OFF || checked) {
            return Optional.empty();
        }
        if (bwrap.isEmpty()) {
            return Optional.of("Commands run in a sandbox and bubblewrap (bwrap) is not installed: " + INSTALL);
        }
        try {
            Process probe = new ProcessBuilder(command(scratch, "true")).directory(scratch.toFile()).redirectErrorStream(true).start();
            probe.getOutputStream().close();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return Optional.of("bubblewrap did not start a sandbox within 30 s: " + INSTALL);
            }
            if (probe.exitValue() != 0) {
                return Optional.of("bubblewrap cannot start a sandbox on this machine (" + output
                        + "); it needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or " + INSTALL);
            }
            checked = true;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot start bubblewrap: " + e.getMessage() + "; " + INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while checking the sandbox");
        }
    }

    /** How to run {@code bash -c <script>} in {@code work}, as the runner; the script is appended by the caller. */
    List<String> prefix(Path work) {
        List<String> argv = new ArrayList<>();
        if (mode == Mode.BWRAP) {
            argv.addAll(List.of(bwrap.orElseThrow().toString(), "--unshare-all", "--share-net", "--die-with-parent", "--new-session",
                    "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp"));
            for (String dir : SYSTEM) {
                bindSystem(argv, Path.of(dir));
            }
            for (String name : ETC) {
                Path entry = Path.of("/etc", name);
                if (Files.exists(entry)) {
                    argv.addAll(List.of("--ro-bind", entry.toString(), entry.toString()));
                }
            }
            for (Path path : readOnly) {
                argv.addAll(List.of("--ro-bind-try", path.toString(), path.toString()));
            }
            for (Path path : writable) {
                argv.addAll(List.of("--bind-try", path.toString(), path.toString()));
            }
            argv.addAll(List.of("--bind", work.toString(), work.toString(), "--chdir", work.toString()));
            argv.addAll(List.of("--remount-ro", "/")); // the sandbox's own root too: only work, /tmp and /var/tmp take writes
        }
        argv.addAll(List.of("bash", "-c"));
        return runner.command(argv);
    }

    /** A real directory is bound read-only; a merged-/usr symlink such as /bin → usr/bin is recreated as the link. */
    private static void bindSystem(List<String> argv, Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) {
                argv.addAll(List.of("--symlink", Files.readSymbolicLink(dir).toString(), dir.toString()));
            } else if (Files.isDirectory(dir)) {
                argv.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        } catch (IOException e) {
            // unreadable: the command simply does not get it
        }
    }

    private List<String> command(Path work, String script) {
        List<String> argv = new ArrayList<>(prefix(work));
        argv.add(script);
        return argv;
    }
}

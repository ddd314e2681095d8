package dev.pave.testing;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers the tests drive (aws CLI, moto_server, python3 with jinja2, chromium). In CI a missing one fails the
 * test with what to install; elsewhere the test is skipped, saying so.
 */
public final class Tools {

    private Tools() {
    }

    public static String require(String command, String howToInstall) {
        Optional<String> path = find(command);
        if (path.isEmpty()) {
            String message = command + " is not on the PATH: " + howToInstall;
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + " (skipped outside CI)");
        }
        return path.get();
    }

    public static Optional<String> find(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, command);
            if (f.canExecute()) {
                return Optional.of(f.getAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

package dev.pave.deploy;

import java.time.Instant;

/** One line of a deployment's event log; {@code seq} grows by one per deployment, so readers resume from a cursor. */
public record DeploymentEvent(int seq, Instant at, Level level, String message) {

    /** How serious a line of Pave's is, or, for a line a provisioner's commands printed, the stream it came from. */
    public enum Level {
        INFO,
        WARN,
        ERROR,
        STDOUT,
        STDERR
    }
}

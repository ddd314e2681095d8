package dev.pave.deploy;

import java.time.Instant;

/** One line of a deployment's event log; {@code seq} grows by one per deployment, so readers resume from a cursor. */
public record DeploymentEvent(int seq, Instant at, Level level, String message) {

    public enum Level {
        INFO,
        WARN,
        ERROR
    }
}

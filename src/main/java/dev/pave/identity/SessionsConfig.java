package dev.pave.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Browser sign-in sessions, under {@code pave.sessions.}. */
@ConfigMapping(prefix = "pave.sessions")
public interface SessionsConfig {

    /** How long a session lasts at most from sign-in, however busy; then the user signs in again. */
    @WithDefault("12h")
    Duration lifetime();

    /** How long a session survives without a request. */
    @WithDefault("8h")
    Duration idleTimeout();
}

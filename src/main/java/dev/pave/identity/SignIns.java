package dev.pave.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/** Signing in with a password: the throttle first, then the password, then a new session. */
@ApplicationScoped
public class SignIns {

    /** What an attempt came to: a session, a wrong name or password (neither set), or a wait. */
    public record Outcome(WebSessions.Started session, Duration retryAfter) {
        public boolean throttled() {
            return retryAfter != null;
        }
    }

    @Inject
    LoginThrottle throttle;

    @Inject
    IdentityService identity;

    @Inject
    WebSessions sessions;

    public Outcome signIn(String username, char[] password, String address) {
        LoginThrottle.Verdict verdict = throttle.attempt(username, address);
        if (!verdict.allowed()) {
            return new Outcome(null, verdict.retryAfter());
        }
        Optional<User> user = identity.authenticate(username, password);
        if (user.isEmpty()) {
            return new Outcome(null, null);
        }
        throttle.succeeded(username, address);
        return new Outcome(sessions.start(user.get().username), null);
    }
}

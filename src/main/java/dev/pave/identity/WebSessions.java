package dev.pave.identity;

import dev.pave.database.ReplicaLocks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Browser sessions, kept in the database so Pave can end them: a random id in the browser's cookie, its SHA-256
 * here. A session counts while its generation is its user's current one, the user is enabled, it was used within
 * the idle timeout and its absolute lifetime has not run out.
 */
@ApplicationScoped
public class WebSessions {

    private static final Logger LOG = Logger.getLogger(WebSessions.class);

    /** Activity is written at most this often, so a busy page does not write on every request; the idle timeout is this coarse. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** What {@link SecretBox#randomToken} makes; anything else in the cookie is not worth a query. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{20,100}");

    /** A new session: the id goes into the cookie only, never into the database or a log. */
    public record Started(String id, Instant expiresAt) {
    }

    /** Who a valid session belongs to, read afresh on each request so a role change takes effect at once. */
    public record SignedIn(String username, Set<Role> roles, Set<String> teams, boolean mustChangePassword) {
    }

    @Inject
    SessionsConfig config;

    @Inject
    ReplicaLocks locks;

    @Transactional
    public Started start(String username) {
        User user = User.findByUsername(username).orElseThrow(() -> new IllegalStateException("no user " + username));
        Instant now = Instant.now();
        String id = SecretBox.randomToken(32);
        WebSession session = new WebSession();
        session.tokenHash = hash(id);
        session.user = user;
        session.generation = user.sessionGeneration;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.lifetime());
        session.persist();
        return new Started(id, session.expiresAt);
    }

    /** The user behind a session id, when the session still counts; a session that no longer does is deleted. */
    @Transactional
    public Optional<SignedIn> resolve(String id) {
        if (!plausible(id)) {
            return Optional.empty();
        }
        Optional<WebSession> found = WebSession.<WebSession>find("from WebSession s join fetch s.user where s.tokenHash = ?1", hash(id))
                .firstResultOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebSession session = found.get();
        User user = session.user;
        Instant now = Instant.now();
        if (user.disabled || session.generation != user.sessionGeneration || !now.isBefore(session.expiresAt)
                || !now.isBefore(session.lastSeenAt.plus(config.idleTimeout()))) {
            session.delete();
            return Optional.empty();
        }
        if (session.lastSeenAt.isBefore(now.minus(TOUCH_INTERVAL))) {
            session.lastSeenAt = now;
        }
        return Optional.of(new SignedIn(user.username, user.roleSet(), Set.copyOf(user.teams), user.mustChangePassword));
    }

    /** Signing out: ends this session and every other of its user (copied cookies included). */
    @Transactional
    public void end(String id) {
        if (!plausible(id)) {
            return;
        }
        WebSession.<WebSession>find("from WebSession s join fetch s.user where s.tokenHash = ?1", hash(id)).firstResultOptional()
                .ifPresent(s -> revokeAll(s.user));
    }

    /**
     * Ends every session of the user, now and for good: the generation moves on, so a session issued before can never
     * count again, even if the account is disabled and enabled again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revokeAll(User user) {
        user.sessionGeneration++;
        WebSession.delete("user", user);
    }

    /** On one replica at a time: the others skip this round. */
    @Scheduled(every = "1h", delayed = "10m")
    void purge() {
        locks.runUnlessRunning("session-purge", () -> {
            Instant now = Instant.now();
            long gone = QuarkusTransaction.requiringNew().call(() -> WebSession.delete("expiresAt < ?1 or lastSeenAt < ?2", now, now.minus(config.idleTimeout())));
            if (gone > 0) {
                LOG.debugf("removed %d ended web sessions", gone);
            }
        });
    }

    private static boolean plausible(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.pave.identity;

import dev.pave.database.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Slows down password guessing, per account name (as typed, whether or not such a user exists, so the answer
 * reveals nothing) and per client address. Each key has some free failures; after them every attempt must wait
 * twice as long as the one before (from 2 s), up to {@link #LOCK}, which is then a temporary lock. A success forgets the
 * account's failures and takes back its own count from the address; an hour without failures forgets a key.
 * <p>
 * An attempt is counted as a failure before the password is checked and taken back when it was right, so parallel
 * guesses cannot slip through between the check and the count.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    static final int FREE_ACCOUNT_FAILURES = 5;
    /** Higher than an account's: many people may sign in from one office or proxy address. */
    static final int FREE_ADDRESS_FAILURES = 20;
    /** The longest wait between attempts: a key that has reached it is locked for this long after each failure. */
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private static final String ACCOUNT = "account:";
    private static final String ADDRESS = "address:";

    /** Whether an attempt may go on, and if not, how long until it may. */
    public record Verdict(boolean allowed, Duration retryAfter) {
    }

    /** A key in its slowed-down state, for the admins' users page. */
    public record Slowed(String key, String kind, String name, int failures, Instant nextAttemptAt, boolean locked) {
    }

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    /** Counts an attempt from this address for this name as failed until {@link #succeeded} says otherwise. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Verdict attempt(String username, String address) {
        Instant now = Instant.now();
        String account = accountKey(username);
        String client = ADDRESS + address;
        // always account before address, so two attempts lock the rows in the same order
        State a = lock(account, now);
        State c = lock(client, now);
        Duration wait = max(a.wait(FREE_ACCOUNT_FAILURES, now), c.wait(FREE_ADDRESS_FAILURES, now));
        if (!wait.isZero()) {
            return new Verdict(false, wait);
        }
        count(account, a, FREE_ACCOUNT_FAILURES, now);
        count(client, c, FREE_ADDRESS_FAILURES, now);
        return new Verdict(true, Duration.ZERO);
    }

    /** The attempt was right: the account starts afresh and the address gets its count back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeeded(String username, String address) {
        em.createNativeQuery("delete from login_throttle where key = ?1").setParameter(1, accountKey(username)).executeUpdate();
        em.createNativeQuery("update login_throttle set failures = failures - 1 where key = ?1 and failures > 0")
                .setParameter(1, ADDRESS + address).executeUpdate();
    }

    /** Keys past their free failures within the last hour, most failures first. */
    @Transactional
    public List<Slowed> slowed() {
        Instant now = Instant.now();
        List<Slowed> slowed = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select key, failures, last_failure_at from login_throttle"
                + " where failures >= ?1 and last_failure_at > ?2 order by failures desc, key")
                .setParameter(1, FREE_ACCOUNT_FAILURES).setParameter(2, Timestamp.from(now.minus(FORGET_AFTER))).getResultList();
        for (Object[] row : rows) {
            String key = (String) row[0];
            boolean account = key.startsWith(ACCOUNT);
            int free = account ? FREE_ACCOUNT_FAILURES : FREE_ADDRESS_FAILURES;
            int failures = ((Number) row[1]).intValue();
            if (failures >= free) {
                Instant next = SqlValues.instant(row[2]).plus(delay(failures, free));
                slowed.add(new Slowed(key, account ? "Account" : "Address", key.substring(key.indexOf(':') + 1), failures, next,
                        delay(failures, free).equals(LOCK)));
            }
        }
        return slowed;
    }

    /** An admin lifts the slow-down of one key at once, e.g. for a colleague who mistyped too often. */
    @Transactional
    public void unlock(Caller caller, String key) {
        caller.require(Role.PLATFORM_ADMIN);
        int removed = em.createNativeQuery("delete from login_throttle where key = ?1").setParameter(1, key).executeUpdate();
        if (removed > 0) {
            audit.record(caller, "UnlockSignIn", key, null);
        }
    }

    private State lock(String key, Instant now) {
        em.createNativeQuery("insert into login_throttle (key, failures, first_failure_at, last_failure_at) values (?1, 0, ?2, ?2)"
                + " on conflict (key) do nothing").setParameter(1, key).setParameter(2, Timestamp.from(now)).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("select failures, last_failure_at from login_throttle where key = ?1 for update")
                .setParameter(1, key).getSingleResult();
        Instant last = SqlValues.instant(row[1]);
        int failures = last.isBefore(now.minus(FORGET_AFTER)) ? 0 : ((Number) row[0]).intValue();
        return new State(failures, last);
    }

    private void count(String key, State state, int free, Instant now) {
        int failures = state.failures() + 1;
        em.createNativeQuery("update login_throttle set failures = ?2, last_failure_at = ?3,"
                + " first_failure_at = case when ?4 then ?3 else first_failure_at end where key = ?1")
                .setParameter(1, key).setParameter(2, failures).setParameter(3, Timestamp.from(now))
                .setParameter(4, state.failures() == 0).executeUpdate();
        // said once when the slow-down starts and once when it becomes a lock, so a flood of guesses cannot flood the log
        if (failures == free) {
            LOG.warnf("Sign-in slowed down for %s after %d failed attempts", printable(key), failures);
        } else if (delay(failures, free).equals(LOCK) && !delay(failures - 1, free).equals(LOCK)) {
            LOG.warnf("Sign-in locked for %s for %d minutes after %d failed attempts", printable(key), LOCK.toMinutes(), failures);
        }
    }

    /** How long after the last failure the next attempt must wait: nothing, then 2 s, 4 s, 8 s … up to {@link #LOCK}. */
    static Duration delay(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = failures - free + 1;
        return doublings >= 10 ? LOCK : min(Duration.ofSeconds(1L << doublings), LOCK);
    }

    private record State(int failures, Instant lastFailureAt) {
        Duration wait(int free, Instant now) {
            Duration delay = delay(failures, free);
            if (delay.isZero()) {
                return Duration.ZERO; // not before: PostgreSQL rounds the stored time to microseconds, it may lie a hair ahead of now
            }
            Duration left = Duration.between(now, lastFailureAt.plus(delay));
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    private static String accountKey(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return ACCOUNT + (name.length() > 100 ? name.substring(0, 100) : name);
    }

    /** Names are typed by anyone: keep log lines one line of plain characters. */
    private static String printable(String key) {
        return key.replaceAll("[^A-Za-z0-9._@:\\-\\[\\]]", "?");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

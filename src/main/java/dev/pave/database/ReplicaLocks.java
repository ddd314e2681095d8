package dev.pave.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Work that one replica at a time may do, whichever replicas share the database: a PostgreSQL advisory lock named by
 * the job, held on a connection of its own while the work runs (the work keeps its own transactions). A crashed
 * replica's connection closes and takes the lock with it, so nothing is ever left locked.
 */
@ApplicationScoped
public class ReplicaLocks {

    @Inject
    AgroalDataSource dataSource;

    /** Runs {@code work} once no other replica runs {@code job}, waiting for it if one does. */
    @Transactional(Transactional.TxType.NEVER)
    public void runAfterOthers(String job, Runnable work) {
        run(job, true, work);
    }

    /** Runs {@code work} unless another replica is running {@code job} right now; answers whether it ran. */
    @Transactional(Transactional.TxType.NEVER)
    public boolean runUnlessRunning(String job, Runnable work) {
        return run(job, false, work);
    }

    /** The text whose hash is the lock's key: {@code select pg_advisory_lock(hashtext('pave:<job>'))} in psql pauses a job. */
    public static String key(String job) {
        return "pave:" + job;
    }

    private boolean run(String job, boolean wait, Runnable work) {
        try (Connection c = dataSource.getConnection()) {
            if (!lock(c, wait ? "select pg_advisory_lock(hashtext(?))::text" : "select pg_try_advisory_lock(hashtext(?))::text", job)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                lock(c, "select pg_advisory_unlock(hashtext(?))::text", job);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the lock of job " + job + ": " + e.getMessage(), e);
        }
    }

    /** Runs a lock function; true unless it answered false (pg_advisory_lock answers void, read as text ""). */
    private static boolean lock(Connection c, String sql, String job) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key(job));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return !"false".equals(r.getString(1));
            }
        }
    }
}

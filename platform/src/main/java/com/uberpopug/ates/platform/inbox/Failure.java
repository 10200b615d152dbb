package com.uberpopug.ates.platform.inbox;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What kind of failure stopped an event from being applied, which decides what happens to it:
 * <ul>
 * <li>{@link Kind#POISON}: the event itself can never be applied (rejected by its schema or by the consumer's
 * rules); it goes to the dead-letter topic at once.</li>
 * <li>{@link Kind#TRANSIENT}: the world around it failed (database unreachable, connection pool exhausted, lock or
 * statement timeout, serialization failure, deadlock); nothing is wrong with the event, so it is never
 * dead-lettered: its partition waits and retries until the fault is gone.</li>
 * <li>{@link Kind#UNKNOWN}: anything else, a bug most likely; retried a few times, then dead-lettered with the
 * reason, to be replayed once the cause is fixed.</li>
 * </ul>
 */
record Failure(Kind kind, String reason, Throwable cause) {

    enum Kind {
        POISON,
        TRANSIENT,
        UNKNOWN
    }

    /**
     * SQLSTATE classes and codes that say "try again later": connection exceptions (08), insufficient resources
     * (53: too many connections, out of memory, disk full), operator intervention (57: admin or crash shutdown,
     * cannot connect now, statement timeout), system errors (58: I/O); serialization failure (40001), deadlock
     * (40P01), a commit whose outcome is unknown (40003) and lock not available (55P03). Not the rest of class 40:
     * a deferred constraint that fails (40002) fails again.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "58");

    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "40003", "55P03", "55006");

    static Failure of(Throwable thrown) {
        String reason = rootMessage(thrown);
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedEventException) {
                return new Failure(Kind.POISON, t.getMessage(), thrown);
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isTransient(t)) {
                return new Failure(Kind.TRANSIENT, describe(t), thrown);
            }
        }
        return new Failure(Kind.UNKNOWN, reason, thrown);
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && state.length() == 5) {
                return TRANSIENT_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_STATES.contains(state);
            }
            // Agroal's pool answers "Acquisition timeout while waiting for new connection" without a state
            String message = String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("acquisition timeout")
                    || message.contains("connection is closed")
                    || message.contains("this connection has been closed");
        }
        if (t instanceof ConnectException
                || t instanceof SocketTimeoutException
                || t instanceof EOFException
                || t instanceof UnknownHostException
                || t instanceof SocketException) {
            return true;
        }
        String name = t.getClass().getName();
        // JPA and Hibernate wrap the JDBC exception; their names say what the cause already said, kept for drivers
        // that throw them without one
        return name.equals("jakarta.persistence.LockTimeoutException")
                || name.equals("jakarta.persistence.PessimisticLockException")
                || name.equals("jakarta.persistence.QueryTimeoutException")
                || name.equals("org.hibernate.exception.JDBCConnectionException")
                || name.equals("org.hibernate.exception.LockAcquisitionException")
                || name.equals("org.hibernate.PessimisticLockException")
                || name.equals("org.hibernate.QueryTimeoutException");
    }

    private static String describe(Throwable t) {
        String state = t instanceof SQLException sql && sql.getSQLState() != null
                ? " [SQLSTATE " + sql.getSQLState() + "]"
                : "";
        return t.getClass().getSimpleName() + state + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

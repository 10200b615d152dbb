package com.uberpopug.ates.platform.jdbc;

import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;

/**
 * One SQL statement with named parameters ({@code :name}), run with plain JDBC on the connection of the current
 * transaction: what a consumer's projection writes per event, without the ORM's query machinery in between (a native
 * query through Hibernate costs more CPU than the statement itself: it is parsed, planned, and every update
 * invalidates caches). The statement's text is turned into JDBC's form once and kept; the driver prepares it on the
 * server once it has been used a few times on a connection.
 *
 * <pre>{@code
 * Sql.on(entityManager, "UPDATE task SET title = :title WHERE id = :id")
 *         .setParameter("title", title)
 *         .setParameter("id", id)
 *         .executeUpdate();
 * }</pre>
 *
 * <p>A name may appear several times; {@code ::} casts and quoted literals are left alone.
 */
public final class Sql {

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private final EntityManager entityManager;
    private final Parsed parsed;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Class<?>> types = new HashMap<>();

    private Sql(EntityManager entityManager, Parsed parsed) {
        this.entityManager = entityManager;
        this.parsed = parsed;
    }

    /** The statement {@code sql}, to run in the transaction {@code entityManager} takes part in. */
    public static Sql on(EntityManager entityManager, String sql) {
        return new Sql(entityManager, PARSED.computeIfAbsent(sql, Sql::parse));
    }

    public Sql setParameter(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** A parameter that may be null: {@code type} says what SQL type its null has. */
    public Sql setParameter(String name, Object value, Class<?> type) {
        types.put(name, type);
        return setParameter(name, value);
    }

    /** Runs the statement; answers the number of rows it changed. */
    public int executeUpdate() {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = prepared(connection)) {
                return statement.executeUpdate();
            }
        });
    }

    /** Runs the query; answers the first column of each row. */
    public List<Object> getResultList() {
        return getRows().stream().map(row -> row[0]).toList();
    }

    /** Runs the query; answers each row's columns. */
    public List<Object[]> getRows() {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = prepared(connection);
                    ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                List<Object[]> result = new ArrayList<>();
                while (rows.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rows.getObject(i + 1);
                    }
                    result.add(row);
                }
                return result;
            }
        });
    }

    /** Runs the query; answers the first column of its one row. */
    public Object getSingleResult() {
        List<Object> rows = getResultList();
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + " from: " + parsed.jdbc());
        }
        return rows.getFirst();
    }

    private PreparedStatement prepared(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(parsed.jdbc());
        try {
            List<String> names = parsed.names();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("no value for :" + name + " in: " + parsed.jdbc());
                }
                Object value = values.get(name);
                if (value == null) {
                    statement.setNull(i + 1, sqlType(types.get(name)));
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static int sqlType(Class<?> type) {
        if (type == null || type == UUID.class) {
            return Types.OTHER;
        }
        if (type == String.class) {
            return Types.VARCHAR;
        }
        if (type == LocalDate.class) {
            return Types.DATE;
        }
        if (type == OffsetDateTime.class) {
            return Types.TIMESTAMP_WITH_TIMEZONE;
        }
        if (type == BigDecimal.class) {
            return Types.NUMERIC;
        }
        if (type == Integer.class) {
            return Types.INTEGER;
        }
        if (type == Long.class) {
            return Types.BIGINT;
        }
        if (type == Boolean.class) {
            return Types.BOOLEAN;
        }
        return Types.OTHER;
    }

    /** The statement in JDBC's form ({@code ?} for each {@code :name}) and the names in order. */
    record Parsed(String jdbc, List<String> names) {}

    static Parsed parse(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') { // a literal, up to its closing quote ('' inside is a quote)
                int end = i + 1;
                while (end < sql.length() && !(sql.charAt(end) == '\'' && !nextIs(sql, end, '\''))) {
                    end += sql.charAt(end) == '\'' ? 2 : 1;
                }
                jdbc.append(sql, i, Math.min(end + 1, sql.length()));
                i = end + 1;
            } else if (c == ':' && nextIs(sql, i, ':')) { // a cast
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end;
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new Parsed(jdbc.toString(), List.copyOf(names));
    }

    private static boolean nextIs(String sql, int index, char c) {
        return index + 1 < sql.length() && sql.charAt(index + 1) == c;
    }
}

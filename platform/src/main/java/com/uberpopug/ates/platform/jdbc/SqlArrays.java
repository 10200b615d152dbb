package com.uberpopug.ates.platform.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The one way a set-based statement gets a column of values as one array parameter ({@code unnest(?, ?, ...)},
 * {@code = ANY(?)}). Text ({@code text}, {@code varchar}) and whole numbers ({@code int4}, {@code int8}) go as arrays
 * of their Java type, which the PostgreSQL driver sends in binary; every other type (uuid, numeric, date,
 * timestamptz, bool) through {@code createArrayOf}, which sends an array literal for the server to parse. Text
 * through {@code createArrayOf} would be escaped character by character on the way into that literal: for a JSON
 * payload or a description, much of the statement's CPU.
 *
 * <pre>{@code
 * SqlArrays.bind(statement, 2, "uuid", ids);
 * SqlArrays.bind(statement, 3, "text", descriptions);
 * }</pre>
 */
public final class SqlArrays {

    private SqlArrays() {}

    /** Binds {@code values} (nulls allowed) as an array of {@code sqlType} to the statement's parameter {@code index}. */
    public static void bind(PreparedStatement statement, int index, String sqlType, Object[] values)
            throws SQLException {
        boolean binary = switch (sqlType) {
            case "text", "varchar" -> values instanceof String[];
            case "int4" -> values instanceof Integer[];
            case "int8" -> values instanceof Long[];
            default -> false;
        };
        if (binary) {
            statement.setObject(index, values);
        } else {
            statement.setArray(index, statement.getConnection().createArrayOf(sqlType, values));
        }
    }
}

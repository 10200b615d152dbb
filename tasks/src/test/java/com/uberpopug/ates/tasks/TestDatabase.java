package com.uberpopug.ates.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.uberpopug.ates.events.EventJson;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the tests read from the service's database directly: the outbox and the account replica. */
public final class TestDatabase {

    private final AgroalDataSource dataSource;

    public TestDatabase(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An outbox row with its payload parsed. */
    public record OutboxRow(
            UUID id, String aggregateType, String aggregateId, String type, int eventVersion, JsonNode payload) {}

    /** The outbox rows of one aggregate (a task id). */
    public List<OutboxRow> outbox(String aggregateId) {
        return outboxWhere("aggregateid = ?", aggregateId);
    }

    public List<OutboxRow> outboxWhere(String condition, Object... parameters) {
        List<OutboxRow> rows = new ArrayList<>();
        query(
                "SELECT id, aggregatetype, aggregateid, type, eventversion, payload::text FROM outbox_event WHERE "
                        + condition,
                result -> rows.add(new OutboxRow(
                        result.getObject(1, UUID.class),
                        result.getString(2),
                        result.getString(3),
                        result.getString(4),
                        result.getInt(5),
                        EventJson.mapper().readTree(result.getString(6)))),
                parameters);
        return rows;
    }

    public String accountId(String username) {
        List<String> ids = strings("SELECT id FROM account WHERE username = ?", username);
        if (ids.size() != 1) {
            throw new AssertionError("expected one account named " + username + ", found " + ids);
        }
        return ids.get(0);
    }

    /** Everyone a task may go to, in the order the assignment draws from. */
    public List<String> candidates() {
        return strings("SELECT id FROM account WHERE NOT deleted AND enabled AND role IN ('WORKER', 'ACCOUNTANT') "
                + "ORDER BY id");
    }

    public List<String> strings(String sql, Object... parameters) {
        List<String> values = new ArrayList<>();
        query(sql, result -> values.add(result.getString(1)), parameters);
        return values;
    }

    public long count(String sql, Object... parameters) {
        List<String> values = strings(sql, parameters);
        return Long.parseLong(values.get(0));
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    public void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}

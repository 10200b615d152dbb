package com.uberpopug.ates.billing.support;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain SQL on billing's database, for what a test checks behind the API: rows, sums, outbox events. */
@ApplicationScoped
public class Db {

    private final AgroalDataSource dataSource;

    public Db(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), rows.getObject(column));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public Object value(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    public long count(String sql, Object... parameters) {
        return ((Number) value(sql, parameters)).longValue();
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public BigDecimal balance(String accountId) {
        return (BigDecimal) value("SELECT balance FROM account WHERE id = ?", accountId);
    }

    public BigDecimal sumOfEntries(String accountId) {
        return (BigDecimal)
                value("SELECT coalesce(sum(amount), 0.00) FROM ledger_entry WHERE account_id = ?", accountId);
    }

    /** The entries of an account, oldest first: type, amount, task_id, billing_date, description, event_date, late. */
    public List<Map<String, Object>> entries(String accountId) {
        return rows(
                "SELECT type, amount, task_id, billing_date, description, event_date, late FROM ledger_entry "
                        + "WHERE account_id = ? "
                        + "ORDER BY at, id",
                accountId);
    }

    /** The task's price row: fee, reward, title, jira_id. */
    public Map<String, Object> task(java.util.UUID taskId) {
        List<Map<String, Object>> rows = rows("SELECT fee, reward, title, jira_id FROM task WHERE id = ?", taskId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Payloads of the outbox events of a type whose aggregate id is {@code key}, oldest first. */
    public List<String> outbox(String type, String key) {
        return rows(
                        "SELECT payload::text AS payload FROM outbox_event WHERE type = ? AND aggregateid = ? "
                                + "ORDER BY timestamp, id",
                        type,
                        key)
                .stream()
                .map(r -> (String) r.get("payload"))
                .toList();
    }
}

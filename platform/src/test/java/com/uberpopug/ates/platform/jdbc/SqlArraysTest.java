package com.uberpopug.ates.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.devstack.testing.PostgresKafkaAndKeycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every kind of column the services bind as an array comes back from PostgreSQL exactly as it went in, row by row
 * and in order, nulls included: the binary path (text, whole numbers) and the literal path (everything else).
 */
@QuarkusTest
@QuarkusTestResource(
        value = PostgresKafkaAndKeycloak.class,
        initArgs = @ResourceArg(name = "database", value = "platform"))
class SqlArraysTest {

    @Inject
    DataSource dataSource;

    @Test
    void textSurvivesWhatAnArrayLiteralWouldHaveToEscape() throws Exception {
        String[] texts = {
            "plain",
            "{\"eventId\": \"1\", \"data\": {\"title\": \"a, b\"}}",
            "quote \" backslash \\ brace { } comma , semicolon ;",
            "",
            null,
            "NULL",
            "  spaces  ",
            "Ümlaut, 日本語, emoji 🐦",
            "line\nbreak\ttab"
        };

        assertThat(roundTrip("text", texts)).containsExactly((Object[]) texts);
        assertThat(roundTrip("varchar", texts)).containsExactly((Object[]) texts);
    }

    @Test
    void wholeNumbersAndTheLiteralTypesComeBackAsTheyWent() throws Exception {
        assertThat(roundTrip("int4", new Integer[] {1, null, -7, Integer.MAX_VALUE}))
                .containsExactly(1, null, -7, Integer.MAX_VALUE);
        assertThat(roundTrip("int8", new Long[] {Long.MIN_VALUE, null, 42L}))
                .containsExactly(Long.MIN_VALUE, null, 42L);
        UUID id = UUID.randomUUID();
        assertThat(roundTrip("uuid", new UUID[] {id, null})).containsExactly(id, null);
        assertThat(roundTrip("numeric", new BigDecimal[] {new BigDecimal("-15.00"), null, new BigDecimal("0.01")}))
                .containsExactly(new BigDecimal("-15.00"), null, new BigDecimal("0.01"));
        assertThat(roundTrip("bool", new Boolean[] {true, null, false})).containsExactly(true, null, false);
        assertThat(roundTrip("date", new String[] {"2026-03-03", null}))
                .containsExactly(java.sql.Date.valueOf(LocalDate.parse("2026-03-03")), null);
        assertThat(roundTrip("timestamptz", new String[] {"2026-03-03T08:00:00.123456Z"}))
                .singleElement()
                .satisfies(at -> assertThat(((java.sql.Timestamp) at).toInstant())
                        .isEqualTo(OffsetDateTime.parse("2026-03-03T08:00:00.123456Z")
                                .toInstant()));
    }

    @Test
    void textAndNumbersJoinTheOtherColumnsOfAnUnnest() throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT t.id, t.name, t.amount, t.n FROM unnest(?, ?, ?, ?) AS t(id, name, amount, n)")) {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            SqlArrays.bind(statement, 1, "uuid", new UUID[] {first, second});
            SqlArrays.bind(statement, 2, "varchar", new String[] {"popug, the \"first\"", null});
            SqlArrays.bind(statement, 3, "numeric", new BigDecimal[] {new BigDecimal("20.50"), new BigDecimal("-10")});
            SqlArrays.bind(statement, 4, "int8", new Long[] {1L, 2L});
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getObject(1) + "|" + result.getString(2) + "|" + result.getBigDecimal(3) + "|"
                            + result.getLong(4));
                }
            }
            assertThat(rows).containsExactly(first + "|popug, the \"first\"|20.50|1", second + "|null|-10|2");
        }
    }

    private List<Object> roundTrip(String sqlType, Object[] values) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT v FROM unnest(?::" + sqlType + "[]) WITH ORDINALITY AS t(v, n) ORDER BY n")) {
            SqlArrays.bind(statement, 1, sqlType, values);
            List<Object> back = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    back.add(rows.getObject(1));
                }
            }
            assertThat(back)
                    .as("%s values back from %s", sqlType, Arrays.toString(values))
                    .hasSize(values.length);
            return back;
        }
    }
}

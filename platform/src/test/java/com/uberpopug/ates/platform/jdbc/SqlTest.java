package com.uberpopug.ates.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a statement's named parameters become JDBC's. */
class SqlTest {

    @Test
    void eachNamedParameterBecomesAPlaceholderInOrderAndARepeatedNameIsBoundEachTime() {
        Sql.Parsed parsed = Sql.parse("INSERT INTO t (a, b) SELECT :day, x FROM y WHERE d < :day AND e = :other_1");

        assertThat(parsed.jdbc()).isEqualTo("INSERT INTO t (a, b) SELECT ?, x FROM y WHERE d < ? AND e = ?");
        assertThat(parsed.names()).containsExactly("day", "day", "other_1");
    }

    @Test
    void castsAndQuotedLiteralsAreLeftAsTheyAre() {
        Sql.Parsed parsed = Sql.parse("SELECT :v::jsonb, 'at :noon, it''s :late' || :name, CAST(:next AS date), ':'");

        assertThat(parsed.jdbc()).isEqualTo("SELECT ?::jsonb, 'at :noon, it''s :late' || ?, CAST(? AS date), ':'");
        assertThat(parsed.names()).containsExactly("v", "name", "next");
    }
}

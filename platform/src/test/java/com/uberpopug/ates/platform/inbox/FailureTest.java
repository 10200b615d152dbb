package com.uberpopug.ates.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures a consumer waits out, which it dead-letters at once, and which it retries a few times. */
class FailureTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "08003", "53300", "57P01", "57P03", "57014", "40001", "40P01", "55P03"})
    void theDatabaseBeingAwayBusyOrLockedIsWaitedOut(String sqlState) {
        RuntimeException wrapped = new IllegalStateException(
                "could not apply", new RuntimeException("JDBC", new SQLException("the database says no", sqlState)));

        assertThat(Failure.of(wrapped).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(Failure.of(wrapped).reason()).contains("SQLSTATE " + sqlState);
    }

    @Test
    void aRefusedConnectionAndAnExhaustedPoolAreWaitedOut() {
        assertThat(Failure.of(new RuntimeException(new ConnectException("Connection refused")))
                        .kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(Failure.of(new RuntimeException(
                                new SQLException("Acquisition timeout while waiting for new connection")))
                        .kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23503", "40002", "22001", "P0001"})
    void whatWouldFailAgainIsNotWaitedOut(String sqlState) {
        assertThat(Failure.of(new RuntimeException(new SQLException("no", sqlState)))
                        .kind())
                .isEqualTo(Failure.Kind.UNKNOWN);
    }

    @Test
    void aRefusalByTheRulesIsPoisonWhereverItIsWrapped() {
        Failure failure = Failure.of(new IllegalStateException("tx", new RejectedEventException("not for us")));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.POISON);
        assertThat(failure.reason()).isEqualTo("not for us");
    }

    @Test
    void aBugIsRetriedAFewTimesNotWaitedOut() {
        Failure failure = Failure.of(new NullPointerException("no assignee"));

        assertThat(failure.kind()).isEqualTo(Failure.Kind.UNKNOWN);
        assertThat(failure.reason()).isEqualTo("NullPointerException: no assignee");
    }
}

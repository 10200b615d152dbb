package com.uberpopug.ates.billing.event;

import static com.uberpopug.ates.billing.support.Events.newAccountId;
import static com.uberpopug.ates.billing.support.Events.taskAssigned;
import static com.uberpopug.ates.billing.support.Events.taskCompleted;
import static com.uberpopug.ates.billing.support.Events.taskCreated;
import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.support.BillingTestResources;
import com.uberpopug.ates.billing.support.Db;
import com.uberpopug.ates.billing.support.Events;
import com.uberpopug.ates.billing.support.Ledgers;
import com.uberpopug.ates.billing.support.TestClock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Billing's events continue the trace of the event they answer: the reward for a Task.Completed belongs to the
 * completion's trace, even where a poll of completions from many requests is applied as one set.
 */
@QuarkusTest
@WithTestResource(value = BillingTestResources.class, initArgs = @ResourceArg(name = "database", value = "billing"))
class EventTracesTest {

    @Inject
    Ledgers ledgers;

    @Inject
    Db db;

    @Inject
    TestClock clock;

    @Test
    void eachRewardOfAPollBelongsToTheTraceOfTheCompletionItPays() {
        clock.freshDay();
        String first = newAccountId();
        String second = newAccountId();
        UUID firstTask = UUID.randomUUID();
        UUID secondTask = UUID.randomUUID();
        ledgers.deliverPoll(List.of(
                taskCreated(firstTask, "Feed the parrots", null),
                taskCreated(secondTask, "Count the feathers", null),
                taskAssigned(firstTask, first),
                taskAssigned(secondTask, second)));
        String firstTrace = traceId();
        String secondTrace = traceId();

        Map<Events.Sent, org.apache.kafka.common.header.Headers> poll = new LinkedHashMap<>();
        poll.put(taskCompleted(firstTask, first), traceparent(firstTrace));
        poll.put(taskCompleted(secondTask, second), traceparent(secondTrace));
        ledgers.deliverPollWithHeaders(poll);

        assertThat(rewardTraceparent(first)).as("the first reward's trace").contains(firstTrace);
        assertThat(rewardTraceparent(second)).as("the second reward's trace").contains(secondTrace);
    }

    private String rewardTraceparent(String accountId) {
        List<Map<String, Object>> rows = db.rows(
                "SELECT traceparent FROM outbox_event WHERE type = 'Transaction.Applied' AND aggregateid = ? "
                        + "AND payload -> 'data' ->> 'type' = 'REWARD'",
                accountId);
        assertThat(rows).hasSize(1);
        return (String) rows.get(0).get("traceparent");
    }

    private static String traceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The header as Debezium Server writes it: the W3C value, JSON-quoted. */
    private static RecordHeaders traceparent(String traceId) {
        RecordHeaders headers = new RecordHeaders();
        String value = "\"00-" + traceId + "-00f067aa0ba902b7-01\"";
        headers.add("traceparent", value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

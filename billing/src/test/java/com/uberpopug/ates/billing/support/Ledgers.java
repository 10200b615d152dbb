package com.uberpopug.ates.billing.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.event.BillingConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Hands events to billing's consumer as Kafka would, without the broker: the same Inbox, the same transaction, the
 * same deduplication. For tests that need many events quickly; the consumer's own tests go through Kafka.
 */
@ApplicationScoped
public class Ledgers {

    private final BillingConsumer consumer;

    public Ledgers(BillingConsumer consumer) {
        this.consumer = consumer;
    }

    /** One record, through the platform Inbox, as the account topic is read. */
    public void deliver(Events.Sent event) {
        consumer.processOne(record(event));
    }

    /** One poll of records, as the task topics are read: in one transaction if all of them apply. */
    public void deliverPoll(List<Events.Sent> events) {
        assertThat(consumer.process(events.stream().map(Ledgers::record).toList()))
                .isEmpty();
    }

    /** One poll of records, each with its headers (a header traceparent names the trace it belongs to). */
    public void deliverPollWithHeaders(Map<Events.Sent, Headers> events) {
        assertThat(consumer.process(events.entrySet().stream()
                        .map(e -> record(e.getKey(), e.getValue()))
                        .toList()))
                .isEmpty();
    }

    private static ConsumerRecord<String, String> record(Events.Sent event, Headers headers) {
        return new ConsumerRecord<>(
                event.type().topic().topicName(),
                0,
                0L,
                ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                event.key(),
                event.json(),
                headers,
                Optional.empty());
    }

    private static ConsumerRecord<String, String> record(Events.Sent event) {
        return record(event, new RecordHeaders());
    }
}

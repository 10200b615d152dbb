package com.uberpopug.ates.billing.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.billing.event.BillingConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

    private static ConsumerRecord<String, String> record(Events.Sent event) {
        return new ConsumerRecord<>(event.type().topic().topicName(), 0, 0L, event.key(), event.json());
    }
}

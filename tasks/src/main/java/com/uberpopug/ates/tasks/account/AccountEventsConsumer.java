package com.uberpopug.ates.tasks.account;

import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import com.uberpopug.ates.platform.inbox.RejectedEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the {@link AccountReplica} from {@code accounts-stream}. The inbox validates each event, applies each poll
 * once however often it is delivered, waits out a database outage, and dead-letters what can never be applied.
 */
@ApplicationScoped
public class AccountEventsConsumer {

    private final Inbox inbox;
    private final AccountReplica accounts;

    AccountEventsConsumer(Inbox inbox, AccountReplica accounts) {
        this.inbox = inbox;
        this.accounts = accounts;
    }

    @Incoming("accounts-stream")
    @Blocking
    CompletionStage<Void> onAccountsStream(KafkaRecordBatch<String, String> poll) {
        return inbox.process(poll, this::apply);
    }

    private void apply(InboundEvent event) {
        switch (event.type()) {
            case ACCOUNT_CREATED_V1 -> {
                AccountCreatedV1 created = event.data(AccountCreatedV1.class);
                accounts.apply(created.accountId(), created.username(), created.role(), event.eventTime());
            }
            case ACCOUNT_UPDATED_V1 -> {
                AccountUpdatedV1 updated = event.data(AccountUpdatedV1.class);
                accounts.apply(updated.accountId(), updated.username(), updated.role(), event.eventTime());
            }
            case ACCOUNT_DELETED_V1 -> accounts.delete(event.data(AccountDeletedV1.class).accountId(),
                    event.eventTime());
            default -> throw new RejectedEventException("accounts-stream carries Account.* events; "
                    + event.type().eventName() + " v" + event.type().eventVersion() + " does not belong there");
        }
    }
}

package com.uberpopug.ates.tasks.event;

import com.uberpopug.ates.events.Topic;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountState;
import com.uberpopug.ates.platform.inbox.InboundEvent;
import com.uberpopug.ates.platform.inbox.Inbox;
import com.uberpopug.ates.platform.inbox.RejectedEventException;
import com.uberpopug.ates.tasks.account.AccountReplica;
import com.uberpopug.ates.tasks.account.AccountsChanged;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the {@link AccountReplica} from {@code accounts-stream} ({@code Account.Created/Updated} v1 and v2,
 * {@code Account.Deleted} v1; v1 knew no disabled accounts, so it says enabled). The inbox validates each event,
 * applies each poll once however often it is delivered, waits out a database outage, and dead-letters what can never
 * be applied. In the same transaction, after the poll's events, the open tasks of accounts that may no longer have
 * them are handed over (an {@link AccountsChanged} that the task package's handover observes): a disable or a deletion moves them at once, and a new or re-enabled
 * employee takes those that had nobody to go to.
 */
@ApplicationScoped
public class TasksConsumer {

    private final Inbox inbox;
    private final AccountReplica accounts;
    private final Event<AccountsChanged> changed;

    TasksConsumer(Inbox inbox, AccountReplica accounts, Event<AccountsChanged> changed) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.changed = changed;
    }

    /** Names this consumer's handler for replays of its dead letters, before the first poll (see {@link Inbox}). */
    void declareHandlers(@Observes StartupEvent start) {
        inbox.handles(Topic.ACCOUNTS_STREAM.topicName(), this::apply);
    }

    @Incoming("accounts-stream")
    @Blocking
    CompletionStage<Void> onAccountsStream(KafkaRecordBatch<String, String> poll) {
        return inbox.processAll(poll, this::apply);
    }

    private void apply(List<InboundEvent> events) {
        events.forEach(this::apply);
        changed.fire(new AccountsChanged());
    }

    private void apply(InboundEvent event) {
        switch (event.type()) {
            case ACCOUNT_CREATED_V1, ACCOUNT_CREATED_V2, ACCOUNT_UPDATED_V1, ACCOUNT_UPDATED_V2 -> {
                // v1 knew no disabled accounts: an account it describes is enabled
                AccountState account = event.data(AccountState.Described.class).state();
                accounts.apply(
                        account.accountId(),
                        account.username(),
                        account.role(),
                        account.enabledOr(true),
                        event.eventTime());
            }
            case ACCOUNT_DELETED_V1 ->
                accounts.delete(event.data(AccountDeletedV1.class).accountId(), event.eventTime());
            default ->
                throw new RejectedEventException("accounts-stream carries Account.* events; "
                        + event.type().eventName() + " v" + event.type().eventVersion() + " does not belong there");
        }
    }
}

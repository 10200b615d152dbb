package com.uberpopug.ates.events;

import com.uberpopug.ates.events.account.AccountCreatedV1;
import com.uberpopug.ates.events.account.AccountCreatedV2;
import com.uberpopug.ates.events.account.AccountDeletedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV1;
import com.uberpopug.ates.events.account.AccountUpdatedV2;
import com.uberpopug.ates.events.account.Role;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV1;
import com.uberpopug.ates.events.billing.AccountBalanceChangedV2;
import com.uberpopug.ates.events.billing.BillingDayClosedV1;
import com.uberpopug.ates.events.billing.PayoutMadeV1;
import com.uberpopug.ates.events.billing.TransactionAppliedV1;
import com.uberpopug.ates.events.billing.TransactionType;
import com.uberpopug.ates.events.task.AssignmentReason;
import com.uberpopug.ates.events.task.TaskAssignedV1;
import com.uberpopug.ates.events.task.TaskAssignedV2;
import com.uberpopug.ates.events.task.TaskCompletedV1;
import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.events.task.TaskUpdatedV1;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A typical event of every type; the switch has no default, so a new EventType needs a sample here. */
final class EventSamples {

    static final Instant NOW = Instant.parse("2026-03-02T09:15:30.123Z");
    static final LocalDate TODAY = LocalDate.parse("2026-03-02");
    static final UUID TASK = UUID.fromString("6f1c2a8e-0d3b-4c55-9f5e-2b7a1d0c9e41");
    static final String POPUG = "2d7b1c9a-58e4-4f0b-a3c6-7e91d0f4b2aa";

    private EventSamples() {}

    static Record sample(EventType type) {
        return switch (type) {
            case ACCOUNT_CREATED_V1 ->
                new AccountCreatedV1(POPUG, "popug1", "popug1@uberpopug.test", "Popug One", Role.WORKER);
            case ACCOUNT_UPDATED_V1 -> new AccountUpdatedV1(POPUG, "popug1", null, null, null);
            case ACCOUNT_CREATED_V2 ->
                new AccountCreatedV2(POPUG, "popug1", "popug1@uberpopug.test", "Popug One", Role.WORKER, true);
            case ACCOUNT_UPDATED_V2 -> new AccountUpdatedV2(POPUG, "popug1", null, null, Role.MANAGER, false);
            case ACCOUNT_DELETED_V1 -> new AccountDeletedV1(POPUG);
            case TASK_CREATED_V1 -> new TaskCreatedV1(TASK, "[UBERPOP-42] Feed the parrots", null, NOW);
            case TASK_CREATED_V2 -> new TaskCreatedV2(TASK, "Feed the parrots", "UBERPOP-42", "Twice a day", NOW);
            case TASK_UPDATED_V1 -> new TaskUpdatedV1(TASK, "Feed the parrots", null, "Twice a day", TaskStatus.DONE);
            case TASK_ASSIGNED_V1 -> new TaskAssignedV1(TASK, POPUG, NOW);
            case TASK_ASSIGNED_V2 ->
                new TaskAssignedV2(
                        TASK, POPUG, NOW, "9a0f3c1e-7b2d-4e8a-b5c4-1d2e3f4a5b6c", AssignmentReason.ASSIGNEE_DISABLED);
            case TASK_COMPLETED_V1 -> new TaskCompletedV1(TASK, POPUG, NOW);
            case TRANSACTION_APPLIED_V1 ->
                new TransactionAppliedV1(
                        UUID.randomUUID(),
                        POPUG,
                        TransactionType.FEE,
                        new BigDecimal("-15.30"),
                        TASK,
                        "Fee for task Feed the parrots",
                        TODAY,
                        NOW);
            case ACCOUNT_BALANCE_CHANGED_V1 -> new AccountBalanceChangedV1(POPUG, new BigDecimal("-0.07"), NOW);
            case ACCOUNT_BALANCE_CHANGED_V2 -> new AccountBalanceChangedV2(POPUG, new BigDecimal("-0.07"), 42, NOW);
            case BILLING_DAY_CLOSED_V1 -> new BillingDayClosedV1(TODAY, 3, new BigDecimal("120.40"), NOW);
            case PAYOUT_MADE_V1 -> new PayoutMadeV1(UUID.randomUUID(), POPUG, new BigDecimal("40.10"), TODAY, NOW);
        };
    }

    static EventEnvelope<Record> envelope(EventType type) {
        return EventEnvelope.of(type, sample(type), NOW);
    }
}

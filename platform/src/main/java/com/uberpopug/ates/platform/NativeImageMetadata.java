package com.uberpopug.ates.platform;

import com.uberpopug.ates.events.EventEnvelope;
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
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.annotations.RegisterResourceBundle;
import io.quarkus.runtime.annotations.RegisterResources;

/**
 * What a native executable of any service needs beyond what Quarkus finds by itself, declared once here so that
 * every service that depends on the platform inherits it:
 * <ul>
 * <li>the event contracts' JSON Schemas, which {@code EventValidator} reads from the classpath at start;</li>
 * <li>the messages of the schema validator (a resource bundle), with which it words a rejection;</li>
 * <li>the envelope and every event record with its enums, which {@code EventJson}'s Jackson mapper reads and
 * writes by reflection (Quarkus registers only what its REST layer (de)serialises);</li>
 * <li>{@code com.ethlo.time.ITU}, which the validator looks up by name to check {@code date-time} formats as it
 * does on the JVM.</li>
 * </ul>
 * The native check of each service ({@code NativeImageConfigIT}) derives what must be registered from the
 * {@code events} module itself (every file under {@code schemas/}, every {@code EventType.dataType()}) and fails
 * the build when something here is missing: a new event version is added to the list below.
 */
@RegisterResources(globs = "schemas/**")
@RegisterResourceBundle(bundleName = "jsv-messages")
@RegisterForReflection(
        targets = {
            EventEnvelope.class,
            AccountCreatedV1.class,
            AccountCreatedV2.class,
            AccountUpdatedV1.class,
            AccountUpdatedV2.class,
            AccountDeletedV1.class,
            Role.class,
            TaskCreatedV1.class,
            TaskCreatedV2.class,
            TaskUpdatedV1.class,
            TaskAssignedV1.class,
            TaskAssignedV2.class,
            AssignmentReason.class,
            TaskCompletedV1.class,
            TaskStatus.class,
            TransactionAppliedV1.class,
            AccountBalanceChangedV1.class,
            AccountBalanceChangedV2.class,
            BillingDayClosedV1.class,
            PayoutMadeV1.class,
            TransactionType.class
        },
        classNames = "com.ethlo.time.ITU")
public final class NativeImageMetadata {

    private NativeImageMetadata() {}
}

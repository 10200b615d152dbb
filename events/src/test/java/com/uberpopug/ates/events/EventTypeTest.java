package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void everyTypeIsFoundByItsNameAndVersionAndNothingElseIs() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.of(type.eventName(), type.eventVersion())).contains(type);
        }
        assertThat(EventType.of("Task.Created", 3)).isEmpty();
        assertThat(EventType.of("Task.Created", 0)).isEmpty();
        assertThat(EventType.of("task.created", 1)).isEmpty();
        assertThat(EventType.of("Task.Exploded", 1)).isEmpty();
        assertThat(EventType.of(null, 1)).isEmpty();
    }

    @Test
    void theVersionsOfANameAreListedOldestFirst() {
        assertThat(EventType.versionsOf("Task.Created")).containsExactly(1, 2);
        assertThat(EventType.versionsOf("Account.BalanceChanged")).containsExactly(1, 2);
        assertThat(EventType.versionsOf("Task.Completed")).containsExactly(1);
        assertThat(EventType.versionsOf("Task.Exploded")).isEmpty();
        for (EventType type : EventType.values()) {
            assertThat(EventType.versionsOf(type.eventName()))
                    .as("the versions of " + type.eventName())
                    .contains(type.eventVersion())
                    .doesNotHaveDuplicates()
                    .isSorted();
        }
    }
}

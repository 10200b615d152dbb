package com.uberpopug.ates.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.uberpopug.ates.events.task.TaskCreatedV1;
import com.uberpopug.ates.events.task.TaskCreatedV2;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskCreatedUpcastTest {

    private static final UUID ID = UUID.fromString("5d9f6a0e-2f0b-4b1e-9a51-7c4f3e8a1b20");
    private static final Instant AT = Instant.parse("2026-03-03T10:15:30Z");

    @Test
    void aBracketedJiraIdMovesOutOfTheTitle() {
        TaskCreatedV2 v2 = new TaskCreatedV1(ID, "[UBERPOP-42] Fix the login", "d", AT).toV2();

        assertThat(v2).isEqualTo(new TaskCreatedV2(ID, "Fix the login", "UBERPOP-42", "d", AT));
    }

    @Test
    void aTitleWithoutJiraIdStaysAsItIs() {
        TaskCreatedV2 v2 = new TaskCreatedV1(ID, "Fix the login", null, AT).toV2();

        assertThat(v2).isEqualTo(new TaskCreatedV2(ID, "Fix the login", null, null, AT));
    }

    @Test
    void aTitleThatIsOnlyBracketsKeepsItsText() {
        assertThat(new TaskCreatedV1(ID, "[UBERPOP-42]", null, AT).toV2().title())
                .isEqualTo("[UBERPOP-42]");
    }

    @Test
    void theUpcastEventIsAValidV2() {
        TaskCreatedV2 v2 = new TaskCreatedV1(ID, "[UBERPOP-42] Fix", "d", AT).toV2();

        assertThat(new EventValidator()
                        .validate(EventEnvelope.of(EventType.TASK_CREATED_V2, v2, AT))
                        .valid())
                .isTrue();
    }
}

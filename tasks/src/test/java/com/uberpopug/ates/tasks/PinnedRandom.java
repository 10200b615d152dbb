package com.uberpopug.ates.tasks;

import io.quarkus.test.junit.QuarkusMock;
import java.util.List;
import java.util.random.RandomGenerator;

/** A random source that always draws the same index: pins who the next tasks go to. */
public record PinnedRandom(int index) implements RandomGenerator {

    /** Until the end of the current test, every task goes to {@code accountId}, who must be a candidate. */
    public static void assignTo(TestDatabase database, String accountId) {
        List<String> candidates = database.candidates();
        int index = candidates.indexOf(accountId);
        if (index < 0) {
            throw new AssertionError(accountId + " is not among the candidates " + candidates);
        }
        QuarkusMock.installMockForType(new PinnedRandom(index), RandomGenerator.class);
    }

    @Override
    public int nextInt(int bound) {
        if (index >= bound) {
            throw new IllegalStateException("pinned to index " + index + " but only " + bound + " candidates");
        }
        return index;
    }

    @Override
    public long nextLong() {
        return index;
    }
}

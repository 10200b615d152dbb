package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.tasks.account.AccountReplica;
import com.uberpopug.ates.tasks.account.Employee;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Who gets a task: an employee drawn at random, with equal chances, from those who may be given tasks (enabled
 * workers and accountants; never a manager, an admin, a disabled or a deleted account, see
 * {@link AccountReplica#assignable()}).
 *
 * <p>Whoever is given a task is share-locked for the rest of the transaction, so an account event that disables or
 * deletes them either commits first (and they are not given it) or waits for the task to commit (and then moves it
 * with their other open tasks, {@link TaskHandover}): no task is left with someone who can no longer have it.
 */
@ApplicationScoped
public class TaskAssignment {

    /** How often a pick is drawn again when the one drawn stopped being assignable in the meantime. */
    private static final int DRAWS = 10;

    private final AccountReplica accounts;
    private final RandomGenerator random;

    TaskAssignment(AccountReplica accounts, RandomGenerator random) {
        this.accounts = accounts;
        this.random = random;
    }

    /**
     * Everyone a task may go to now, in a stable order, each share-locked until the transaction ends: for those who
     * give many tasks at once (the reshuffle, the handover), before they lock any task.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Employee> heldCandidates() {
        return accounts.assignableHeld();
    }

    /**
     * @throws NoAssignableEmployeeException when there is nobody to give the task to
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Employee pickAssignee() {
        for (int draw = 0; draw < DRAWS; draw++) {
            List<Employee> candidates = accounts.assignable();
            if (candidates.isEmpty()) {
                throw new NoAssignableEmployeeException();
            }
            Employee chosen = candidates.get(pick(candidates.size()));
            // one lock per task, on the one chosen: the creation stays cheap, however many employees there are
            if (accounts.holdIfAssignable(chosen.id())) {
                return chosen;
            }
        }
        throw new IllegalStateException(
                "the employees drawn for a task kept becoming unassignable; " + DRAWS + " draws in a row");
    }

    /** A random index in [0, size). */
    int pick(int size) {
        return random.nextInt(size);
    }
}

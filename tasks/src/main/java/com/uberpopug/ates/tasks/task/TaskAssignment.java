package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.tasks.account.AccountReplica;
import com.uberpopug.ates.tasks.account.Employee;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Who gets a task: an employee drawn at random, with equal chances, from those who may be given tasks (enabled
 * workers and accountants; never a manager, an admin, a disabled or a deleted account, see
 * {@link AccountReplica#ASSIGNABLE}).
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
     * Draws the index of a random employee among those a task may go to now and lets {@code give} give them the
     * task, drawing again when {@code give} finds that the one drawn stopped being assignable in the meantime.
     * Nobody is read but the one drawn: the draw needs only how many there are, and {@code give} picks and locks the
     * employee at that index in the statement that gives them the task ({@link AccountReplica#HOLD_ASSIGNABLE_AT}),
     * so a task costs the same whether there are ten employees or ten thousand.
     *
     * @param give gives the task to the employee at an index (from 0, in id order) and answers them, share-locked
     *     until the transaction ends; empty when that employee may no longer be given tasks
     * @throws NoAssignableEmployeeException when there is nobody to give the task to
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Employee assign(IntFunction<Optional<Employee>> give) {
        for (int draw = 0; draw < DRAWS; draw++) {
            int candidates = accounts.assignableCount();
            if (candidates == 0) {
                throw new NoAssignableEmployeeException();
            }
            Optional<Employee> given = give.apply(pick(candidates));
            if (given.isPresent()) {
                return given.get();
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

package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.tasks.account.AccountReplica;
import com.uberpopug.ates.tasks.account.Employee;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Who gets a task: an employee drawn at random, with equal chances, from those who may be given tasks (workers and
 * accountants; never a manager or an admin, see {@link AccountReplica#assignable()}).
 */
@ApplicationScoped
public class TaskAssignment {

    private final AccountReplica accounts;
    private final RandomGenerator random;

    TaskAssignment(AccountReplica accounts, RandomGenerator random) {
        this.accounts = accounts;
        this.random = random;
    }

    /** Everyone a task may go to now, in a stable order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Employee> candidates() {
        return accounts.assignable();
    }

    /**
     * @throws NoAssignableEmployeeException when there is nobody to give the task to
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Employee pickAssignee() {
        List<Employee> candidates = candidates();
        if (candidates.isEmpty()) {
            throw new NoAssignableEmployeeException();
        }
        return candidates.get(pick(candidates.size()));
    }

    /** A random index in [0, size). */
    int pick(int size) {
        return random.nextInt(size);
    }
}

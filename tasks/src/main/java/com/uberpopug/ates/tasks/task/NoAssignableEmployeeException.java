package com.uberpopug.ates.tasks.task;

/** A task must go to someone, and there is nobody it may go to (409). */
public class NoAssignableEmployeeException extends RuntimeException {

    public NoAssignableEmployeeException() {
        super("there is no employee to assign the task to: tasks go only to enabled workers and accountants, and "
                + "tasks knows none (an employee becomes known when Keycloak announces the account or when they first "
                + "sign in)");
    }
}

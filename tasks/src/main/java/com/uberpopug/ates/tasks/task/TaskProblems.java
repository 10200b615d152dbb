package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.platform.api.Problem;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns what the task rules refuse into problem details with the right status; the errors every service shares are
 * mapped by the platform ({@link com.uberpopug.ates.platform.api.ProblemMappers}).
 */
public class TaskProblems {

    @ServerExceptionMapper
    Response invalidTask(InvalidTaskException e) {
        return new Problem("about:blank", "Invalid task", 400, e.getMessage(), e.problems()).toResponse();
    }

    @ServerExceptionMapper
    Response notFound(TaskNotFoundException e) {
        return Problem.of(Status.NOT_FOUND, "Task not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response notYours(NotYourTaskException e) {
        return Problem.of(Status.FORBIDDEN, "Not your task", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response alreadyDone(TaskAlreadyDoneException e) {
        return Problem.of(Status.CONFLICT, "Task already done", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response nobodyToAssign(NoAssignableEmployeeException e) {
        return Problem.of(Status.CONFLICT, "Nobody to assign", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response reshuffleFailed(ReassignmentFailedException e) {
        return Problem.of(Status.SERVICE_UNAVAILABLE, "Reshuffle rolled back", e.getMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return Problem.of(
                        Status.FORBIDDEN,
                        "Forbidden",
                        "your role may not do this; see the API description for the roles each action needs")
                .toResponse();
    }
}

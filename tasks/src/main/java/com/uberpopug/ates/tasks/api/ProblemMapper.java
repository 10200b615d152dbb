package com.uberpopug.ates.tasks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.uberpopug.ates.tasks.task.InvalidTaskException;
import com.uberpopug.ates.tasks.task.NoAssignableEmployeeException;
import com.uberpopug.ates.tasks.task.ReassignmentFailedException;
import com.uberpopug.ates.tasks.task.NotYourTaskException;
import com.uberpopug.ates.tasks.task.TaskAlreadyDoneException;
import com.uberpopug.ates.tasks.task.TaskNotFoundException;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns what the rules refuse into problem details with the right status. */
public class ProblemMapper {

    @ServerExceptionMapper
    Response invalidTask(InvalidTaskException e) {
        return new Problem("about:blank", "Invalid task", 400, e.getMessage(), e.problems()).toResponse();
    }

    @ServerExceptionMapper
    Response badRequest(BadRequestException e) {
        return Problem.of(Status.BAD_REQUEST, "Bad request", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response unreadableBody(JsonProcessingException e) {
        return Problem.of(Status.BAD_REQUEST, "Bad request", "the body is not the JSON this endpoint expects: "
                + e.getOriginalMessage()).toResponse();
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
        return Problem.of(Status.SERVICE_UNAVAILABLE, "Reshuffle rolled back", e.getMessage()).toResponse();
    }

    /** What the REST layer itself refuses (an unreadable body, an unknown path, a wrong method) as a problem too. */
    @ServerExceptionMapper
    Response webApplication(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.getStatus() < 400 || response.hasEntity()) {
            return response;
        }
        Status status = Status.fromStatusCode(response.getStatus());
        String title = status == null ? "Error" : status.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? title : e.getMessage();
        if (response.getStatus() == 400 && e.getCause() != null) {
            detail = "the body is not the JSON this endpoint expects: " + e.getCause().getMessage();
        }
        return new Problem("about:blank", title, response.getStatus(), detail, java.util.List.of()).toResponse();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return Problem.of(Status.FORBIDDEN, "Forbidden",
                "your role may not do this; see the API description for the roles each action needs").toResponse();
    }
}
